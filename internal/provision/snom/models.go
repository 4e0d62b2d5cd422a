// Package snom provisions Snom D7xx desk phones: the catalogue entries,
// identification from User-Agent and file name, and the XML settings format
// with <phone-settings> and <functionKeys> (vendors.md §3).
package snom

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var keyTypes = []switchboard.KeyType{
	switchboard.KeyLine, switchboard.KeySpeedDial, switchboard.KeyBLF,
	switchboard.KeyExtension, switchboard.KeyGroup,
}

var manualSteps = []string{
	"Find the phone's IP address: press the Help (?) key or Menu > Information > System information.",
	"Open https://<phone IP>/ in a browser and log in as admin (factory password: 0000).",
	"Go to Setup > Advanced > Update.",
	"Paste the provisioning URL into Setting URL and set Update Policy to 'Update automatically'.",
	"Click Save, then Reboot: the phone fetches its profile while it starts.",
}

const factoryReset = "In the phone's web interface choose Advanced > Update > Reset Settings, or hold the # key while the phone starts and choose Settings reset."

func desk(name string, lines, keys, modules int) switchboard.Model {
	moduleKeys := 0
	if modules > 0 {
		moduleKeys = 18
	}
	return switchboard.Model{
		ID: "snom-" + strings.ToLower(name), Vendor: Vendor, Name: "Snom " + name, Kind: switchboard.KindDeskPhone,
		Lines: lines, LineKeys: keys, Modules: modules, ModuleKeys: moduleKeys, KeyTypes: keyTypes,
		CanSync: true, CanReboot: true, SyncEvent: "check-sync", RebootEvent: "check-sync",
		Files:      []string{"snom" + name + ".htm", "snom" + name + "-{MAC}.htm"},
		OtherFiles: []string{"snom" + name + ".xml", "snom" + name + "-firmware.xml", "{MAC}.xml"},
		URLForm:    switchboard.URLFile, FactoryReset: factoryReset, ManualSteps: manualSteps, Manuals: manuals,
		PhonebookFile: phonebookFile,
		Redirect:      "snom-sraps",
	}
}

// catalogue is Snom's part of the device catalogue (data-sheet figures;
// the D7 expansion module has 18 keys). LineKeys counts the phone's fkey
// positions, pages included: the D735 and D745 have 8 keys on 4 pages, 32
// positions, and their expansion modules' keys are numbered from fkey 32
// on (fusionpbx resources/templates/provision/snom/D735 and D745
// {$mac}.xml @ c7a00dcb3e91 write fkey 0 to 85 = 32 + 3 × 18; the D725,
// D765 and D785 templates agree with 18, 16 and 24 keys).
var catalogue = []switchboard.Model{
	desk("D712", 4, 4, 0),
	desk("D715", 4, 5, 3),
	desk("D717", 6, 3, 3),
	desk("D725", 12, 18, 3),
	desk("D735", 12, 32, 3),
	desk("D745", 12, 32, 3),
	desk("D765", 12, 16, 3),
	desk("D785", 12, 24, 3),
}

// Models returns Snom's catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 …
// 00041396D9B4 SXM:0 …)"; older firmware leaves the MAC out (vendors.md §3).
var (
	uaPattern  = regexp.MustCompile(`snom([A-Za-z]?[0-9]{3}[A-Za-z]?)-SIP [0-9]`)
	uaMAC      = regexp.MustCompile(`(?:^|[ ;(])(000413[0-9A-Fa-f]{6})(?:[ ;)]|$)`)
	macFile    = regexp.MustCompile(`^snom([A-Za-z]?[0-9]{3}[A-Za-z]?)(?:-([0-9A-Fa-f]{12}))?\.htm$`)
	xmlMACFile = regexp.MustCompile(`^(000413[0-9A-Fa-f]{6})\.xml$`)
)

// Identify reports what a request shows about a Snom phone.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	var s vendorkit.Sighting
	if m := vendorkit.MatchUA(uaPattern, userAgent); m != nil {
		s.Known = true
		s.Model = modelID(m[1])
		if mm := uaMAC.FindStringSubmatch(userAgent); mm != nil {
			s.UAMAC = vendorkit.MAC(mm[1])
		}
	}
	if m := macFile.FindStringSubmatch(fileName); m != nil {
		s.Known = true
		s.Model = vendorkit.Or(s.Model, modelID(m[1]))
		s.FileMAC = vendorkit.MAC(m[2])
	} else if m := xmlMACFile.FindStringSubmatch(fileName); m != nil {
		s.Known = true
		s.FileMAC = vendorkit.MAC(m[1])
	}
	return s.Identity(Vendor)
}

// modelID is the catalogue id of a model as the phone names it, "" for a
// model not in the catalogue.
func modelID(name string) string {
	return vendorkit.ModelID(catalogue, "snom-"+strings.ToLower(name))
}
