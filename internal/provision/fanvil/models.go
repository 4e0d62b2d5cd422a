// Package fanvil provisions Fanvil X-series desk phones: the catalogue
// entries, identification from User-Agent and file name, and the <sysConf>
// XML format of the X-U series (vendors.md §6).
//
// The DSS keys on the phone take lines, speed dials and BLF in the form
// the public FusionPBX and wazo templates write (keys.go).
package fanvil

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// manualSteps and factoryReset were checked against Fanvil's public
// documentation on 2026-12-02; beside each step its source, or that none
// was found (then the text stays generic).
var manualSteps = []string{
	// No Fanvil page seen names the key that shows the IP address: generic.
	"Find the phone's IP address in the phone's status menu or in your router's list of devices.",
	// Default administrator account admin / admin, printed on the label
	// at the bottom: Fanvil H5 User Manual, 8.3 "SYSTEM / Account"
	// (manualshelf.com/manual/fanvil/h5/user-manual-english/page-20.html).
	"Open http://<phone IP>/ in a browser and log in as admin (factory password: admin, also printed on the label at the bottom).",
	// System / Auto Provision: Fanvil X3 User Manual, 8.1 "Web Portal
	// Authentication and User Privileges", table 2 (manualshive.com/ru
	// /manual/fanvil/x3/543968?page=58); Maintenance > Auto Provision on
	// newer firmware: Fanvil C56 User Manual, 4.3.6 (manualshive.com/en
	// /manual/fanvil/c56/543890?page=39).
	"Go to System > Auto Provision (on newer firmware: Maintenance > Auto Provision).",
	// The phone's own stored server ("Phone Flash") as a provisioning
	// source: C56 User Manual 4.3.6 (as above); its fields are FlashServerIP,
	// FlashFileName and FlashProtocol of vendors.md §6 (their web labels
	// not seen), so the text describes them.
	"In the static provisioning server settings (Phone Flash), set the protocol to HTTPS, the server to the provisioning URL's host and port, and the file name to the rest of it (the key and '.cfg').",
	// Provisioning when the phone boots: C56 User Manual 4.3.6 (as above);
	// an immediate "provision now" button: not seen, so not named.
	"Apply the settings and restart the phone: while it starts it fetches its profile.",
}

// factoryReset: no Fanvil page seen gives the reset path (menu or web),
// so the text points to the user manual; the login afterwards is the
// default account of the H5 User Manual 8.3 (as above).
const factoryReset = "Restore factory settings from the phone's menu or its web interface as the model's user manual describes; afterwards the web login is admin / admin again."

var keyTypes = []switchboard.KeyType{switchboard.KeyLine, switchboard.KeySpeedDial, switchboard.KeyBLF}

func desk(name string, lines, keys int) switchboard.Model {
	return switchboard.Model{
		ID: "fanvil-" + strings.ToLower(name), Vendor: Vendor, Name: "Fanvil " + name, Kind: switchboard.KindDeskPhone,
		Lines: lines, LineKeys: keys, KeyTypes: keyTypes,
		FirmwareKey: true, CanSync: true, SyncEvent: "check-sync",
		Files: []string{"{mac}.cfg"}, URLForm: switchboard.URLFile, PhonebookFile: phonebookFile,
		FactoryReset: factoryReset, ManualSteps: manualSteps, Redirect: "fanvil-fdps", Manuals: manuals,
	}
}

// catalogue is Fanvil's part of the device catalogue (data-sheet figures).
var catalogue = []switchboard.Model{
	desk("X3U", 6, 3),
	desk("X4U", 12, 12),
	desk("X5U", 16, 30),
	desk("X6U", 20, 60),
	desk("X7", 20, 127),
}

// Models returns Fanvil's catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches "Fanvil X4 2.10.2.6887 0c383e07e16c" (MAC last, lower
// case; vendors.md §6).
var (
	uaPattern   = regexp.MustCompile(`^Fanvil ([A-Za-z0-9]{1,10}) [0-9][0-9.]{0,30} ([0-9a-fA-F]{12})$`)
	filePattern = regexp.MustCompile(`^([0-9a-fA-F]{12})\.cfg$`)
	ouis        = []string{"0c383e", "00a859"}
)

// identifier reads the model and MAC from uaPattern and the MAC from
// filePattern.
var identifier = vendorkit.Identifier{Vendor: Vendor, Catalogue: catalogue, ModelPrefix: "fanvil-", UA: uaPattern, UAMAC: 2, File: filePattern, OUIs: ouis}

// Identify reports what a request shows about a Fanvil phone.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	return identifier.Identify(userAgent, fileName)
}
