// Package cisco provisions Cisco IP phones with multiplatform firmware (MPP,
// "3PCC") of the 68xx, 78xx and 88xx series: the catalogue entries,
// identification from User-Agent and file name, and the <flat-profile> XML
// format (vendors.md §7).
//
// Line keys are provisioned as lines; the syntax of extended functions
// (speed dial, BLF) is unverified, so the models offer line keys only.
package cisco

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var manualSteps = []string{
	"Find the phone's IP address: press Applications (gear key) > Status > Network status.",
	"Open https://<phone IP>/admin/advanced in a browser (the factory setting has no admin password).",
	"Go to Voice > Provisioning.",
	"Paste the provisioning URL into Profile Rule and make sure Provision Enable is Yes.",
	"Click Submit All Changes: the phone restarts and fetches its profile.",
}

const factoryReset = "Press Applications (gear key) > Device administration > Factory reset, or power the phone while holding # and, when the line keys light up, press 1 2 3 4 5 6 7 8 9 * 0 #."

func desk(name string, lines int) switchboard.Model {
	return switchboard.Model{
		ID: "cisco-" + strings.ToLower(name), Vendor: Vendor, Name: "Cisco IP Phone " + strings.TrimPrefix(name, "CP-") + " (MPP)",
		Kind: switchboard.KindDeskPhone, Lines: lines, LineKeys: lines,
		KeyTypes:    []switchboard.KeyType{switchboard.KeyLine},
		FirmwareKey: true, CanSync: true, SyncEvent: "resync",
		Files: []string{"{mac}.xml"}, URLForm: switchboard.URLFile, PhonebookFile: phonebookFile,
		FactoryReset: factoryReset, ManualSteps: manualSteps, Manuals: manuals,
	}
}

// catalogue is Cisco's part of the device catalogue (data-sheet line
// counts, one line key per line).
var catalogue = []switchboard.Model{
	desk("CP-6841", 4), desk("CP-6851", 4), desk("CP-6861", 4),
	desk("CP-7811", 1), desk("CP-7821", 2), desk("CP-7841", 4), desk("CP-7861", 16),
	desk("CP-8811", 10), desk("CP-8841", 10), desk("CP-8851", 10), desk("CP-8861", 10),
}

// Models returns Cisco's catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches "Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)"
// (vendors.md §7) and the MPP form "Cisco-CP-8841-3PCC/11.3.1 (00562b043615)"
// that the profile's HTTP_User_Agent_Name "$VERSION ($MA)" produces.
var (
	uaPattern   = regexp.MustCompile(`^Cisco[/-]((?:CP-)?[A-Za-z0-9]{3,10})(?:-3PCC)?[/-][^ ]{1,40}\s*\(([0-9A-Fa-f]{12})\)`)
	filePattern = regexp.MustCompile(`^(?:spa)?([0-9a-fA-F]{12})\.(?:xml|cfg)$`)
)

// identifier reads the model and MAC from uaPattern and the MAC from
// filePattern.
var identifier = vendorkit.Identifier{Vendor: Vendor, Catalogue: catalogue, ModelPrefix: "cisco-", UA: uaPattern, UAMAC: 2, File: filePattern}

// Identify reports what a request shows about a Cisco phone.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	return identifier.Identify(userAgent, fileName)
}
