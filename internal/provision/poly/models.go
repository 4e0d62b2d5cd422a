// Package poly provisions Poly (Polycom) VVX and Edge E desk phones: the
// catalogue entries, the master file and the per-device file the phone
// fetches, identification from User-Agent and file name, and the XML
// attribute format of UC Software (vendors.md §2).
package poly

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// keyTypes: Poly has no plain speed-dial line key (vendors.md §2, wazo);
// Switchboard renders busy lamp fields through the attendant resource list
// and puts every key where the user chose it with flexible line keys
// (category Line for a line key, BLF for the others).
var keyTypes = []switchboard.KeyType{switchboard.KeyLine, switchboard.KeyBLF, switchboard.KeyExtension}

// maxPassword is the longest local admin or user password UC Software
// takes: the password length parameters sec.pwd.length.admin and
// sec.pwd.length.user range from 0 to 32 (UC Software Administrator's
// Guide, Local Administrator and User Password Parameters).
const maxPassword = 32

var manualSteps = []string{
	"Find the phone's IP address: Settings (Home key) > Status > Network > TCP/IP Parameters.",
	"Open https://<phone IP>/ in a browser and log in as Admin (factory password: 456).",
	"Go to Settings > Provisioning Server.",
	"Set Server Type to HTTPS and paste the provisioning URL (it ends with '/') into Server Address; leave Server User and Server Password empty.",
	"Click Save, then Utilities > Phone Restart: the phone fetches its profile while it starts.",
}

// otherFiles are the files a Poly phone fetches or uploads besides its
// profile (vendors.md §2 "Files requested"): the default master file
// (asked for only when {mac}.cfg is missing, and Switchboard serves that),
// the application image the master file names (APP_FILE_PATH="sip.ld"; a
// 404 leaves the phone on the software it runs), local-change overrides
// (uploads are off: prov.autoConfigUpload.enabled=0), the site-wide
// contact directory, licences and log uploads. None of them is needed to
// boot, so none is served; the per-phone contact directory is the company
// phonebook (PhonebookFile).
var otherFiles = []string{
	"000000000000.cfg", "sip.ld", "{mac}-phone.cfg", "{mac}-web.cfg", "000000000000-directory.xml",
	"{mac}-license.cfg", "000000000000-license.cfg", "{mac}-boot.log", "{mac}-app.log",
}

// factoryReset is seed 000's instruction for Polycom phones.
const factoryReset = "Hold the keys 1, 3 and 5 together for 5 seconds while the phone starts, then confirm the reset with the admin password (seed 000)."

func desk(id, name string, lines, lineKeys, modules, moduleKeys int) switchboard.Model {
	return switchboard.Model{
		ID: id, Vendor: Vendor, Name: name, Kind: switchboard.KindDeskPhone,
		Lines: lines, LineKeys: lineKeys, Modules: modules, ModuleKeys: moduleKeys, KeyTypes: keyTypes,
		FirmwareKey: true, CanSync: true, CanReboot: true, SyncEvent: "check-sync", RebootEvent: "check-sync",
		Files: []string{"{mac}.cfg", "{mac}-user.cfg"}, OtherFiles: otherFiles, URLForm: switchboard.URLDirectory,
		PhonebookFile: phonebookFile,
		FactoryReset:  factoryReset, ManualSteps: manualSteps, Redirect: "poly-ztp", MaxPassword: maxPassword,
		Manuals: manuals,
	}
}

// catalogue is Poly's part of the device catalogue (data-sheet figures).
var catalogue = []switchboard.Model{
	desk("poly-vvx250", "Poly VVX 250", 4, 4, 0, 0),
	desk("poly-vvx350", "Poly VVX 350", 6, 6, 0, 0),
	desk("poly-vvx450", "Poly VVX 450", 12, 12, 3, 28),
	desk("poly-edge-e350", "Poly Edge E350", 8, 8, 0, 0),
	desk("poly-edge-e450", "Poly Edge E450", 12, 12, 0, 0),
	desk("poly-edge-e550", "Poly Edge E550", 16, 16, 3, 28),
}

// Models returns Poly's catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches "FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430
// Type/Application" and "FileTransport PolyEdge-Edge_E450-UA/8.0.0.15602"
// (vendors.md §2); the UA carries no MAC.
var uaPattern = regexp.MustCompile(`^FileTransport Poly(?:com)?[A-Za-z]{1,20}-([A-Za-z]{1,8})_([A-Za-z0-9]{1,8})-UA/`)

// filePattern matches the per-MAC files a Poly phone asks for or uploads.
var filePattern = regexp.MustCompile(`^([0-9a-fA-F]{12})(?:-(?:user|phone|web|directory|license|boot|app))?\.(?:cfg|xml|log)$`)

// Identify reports what a request shows about a Poly phone: the model from
// the User-Agent, the MAC from the file name.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	var s vendorkit.Sighting
	if m := vendorkit.MatchUA(uaPattern, userAgent); m != nil {
		s.Known = true
		id := "poly-" + strings.ToLower(m[1]+m[2])
		if strings.EqualFold(m[1], "edge") {
			id = "poly-edge-" + strings.ToLower(m[2])
		}
		s.Model = vendorkit.ModelID(catalogue, id)
	}
	if m := filePattern.FindStringSubmatch(fileName); m != nil {
		s.FileMAC = vendorkit.MAC(m[1])
		s.Known = s.Known || vendorkit.HasOUI(s.FileMAC, "0004f2")
	}
	return s.Identity(Vendor)
}
