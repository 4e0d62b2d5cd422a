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

var manualSteps = []string{
	"Find the phone's IP address: press the OK key on the idle screen (or Menu > Status).",
	"Open https://<phone IP>/ in a browser and log in as admin (factory password: admin).",
	"Go to System > Auto Provision.",
	"Set the protocol to HTTPS, enter the host and port of the provisioning URL as Server Address and the rest (the key and '.cfg') as Config File Name.",
	"Click Apply, then Autoprovision Now: the phone fetches its profile and restarts.",
}

const factoryReset = "On the phone open Menu > Advanced (password 123) > Factory Reset, or in the web interface System > Configurations > Reset to Factory Defaults."

var keyTypes = []switchboard.KeyType{switchboard.KeyLine, switchboard.KeySpeedDial, switchboard.KeyBLF}

func desk(name string, lines, keys int) switchboard.Model {
	return switchboard.Model{
		ID: "fanvil-" + strings.ToLower(name), Vendor: Vendor, Name: "Fanvil " + name, Kind: switchboard.KindDeskPhone,
		Lines: lines, LineKeys: keys, KeyTypes: keyTypes,
		CanSync: true, SyncEvent: "check-sync",
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
