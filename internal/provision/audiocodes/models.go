// Package audiocodes provisions AudioCodes MediaPack MP-11x analog
// adapters, used to connect fax machines: the catalogue entries,
// identification, and the INI format of global parameters and tables that
// the adapter's Automatic Update loads (vendors.md §8).
//
// Each FXS port is one line. The adapter has no function keys.
package audiocodes

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var manualSteps = []string{
	"Connect a computer to the adapter's network and open http://<adapter IP>/ (factory login Admin / Admin).",
	"Go to Management > Software Update > Automatic Update (in older firmware: Advanced > Automatic Update).",
	"Paste the provisioning URL into INI File URL and click Submit.",
	"Burn the configuration to flash and reset the adapter: it loads its profile while it starts.",
}

const factoryReset = "With the adapter powered, press the reset button on the rear panel for more than 6 seconds until the status LED flashes."

func adapter(name string, ports int) switchboard.Model {
	return switchboard.Model{
		ID: "audiocodes-" + strings.ToLower(name), Vendor: Vendor, Name: "AudioCodes MediaPack " + name + " (fax adapter)",
		Kind: switchboard.KindAdapter, Lines: ports, KeyTypes: []switchboard.KeyType{},
		CanSync: true, SyncEvent: "check-sync",
		Files: []string{"{mac}.ini"}, URLForm: switchboard.URLFile,
		FactoryReset: factoryReset, ManualSteps: manualSteps, Manuals: manuals,
		// Web passwords: at most 19 characters (MP-124 SIP User's
		// Manual LTRT-65415 p.68, MediaPack Installation Manual
		// LTRT-59811 p.46).
		MaxPassword: 19,
	}
}

// catalogue is AudioCodes' part of the device catalogue: ports per model.
var catalogue = []switchboard.Model{adapter("MP-112", 2), adapter("MP-114", 4), adapter("MP-124", 24)}

// Models returns AudioCodes' catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches the gateway's "AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A…"
// [U: form from memory]; the AudioCodes OUI 00908f (vendors.md §8, IP phone
// User-Agent) marks its MAC files.
var (
	uaPattern   = regexp.MustCompile(`^AudioCodes-Sip-Gateway-(MP-1[0-9]{2})\b`)
	filePattern = regexp.MustCompile(`^([0-9a-fA-F]{12})\.ini$`)
)

// identifier reads the model and MAC from uaPattern and the MAC from
// filePattern.
var identifier = vendorkit.Identifier{Vendor: Vendor, Catalogue: catalogue, ModelPrefix: "audiocodes-", UA: uaPattern, File: filePattern, OUIs: []string{"00908f"}}

// Identify reports what a request shows about an AudioCodes adapter.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	return identifier.Identify(userAgent, fileName)
}
