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

// manualSteps and factoryReset were checked against AudioCodes' public
// documentation on 2026-12-02; beside each step its source, or that none
// was found (then the text stays generic).
var manualSteps = []string{
	// Factory web login Admin / Admin, case-sensitive: MediaPack SIP
	// User's Manual LTRT-65408, table 5-2 "Default Attributes for the
	// Accounts" (38.142.81.21:8001/manual/audiocodes/mp-1fxo/1-user-s
	// -manual-english/page-50.html), and MediaPack Installation Manual
	// LTRT-59811, 3.4 (manualslib.com/manual/879694, page 46).
	"Connect a computer to the adapter's network, open http://<adapter IP>/ and log in with the factory user name and password Admin / Admin (case-sensitive).",
	// The Automatic Update loads the INI file from IniFileURL: vendors.md
	// §8 (MP-11x manual excerpt); the web page holding it differs between
	// firmware versions and was not seen, so the text names the parameter.
	"In the web interface's automatic update settings (or with the ini parameter IniFileURL), enter the provisioning URL as the INI file URL and submit it.",
	// Saving to flash ("Saving Configuration") and "Resetting the Device":
	// MP-11x SIP User's Manual LTRT-65413, Version 6.0, sections on pages
	// 161 and 207 (mwitty.com/content.php?id=5648542).
	"Save the configuration to flash memory (burn) and reset the adapter: it loads its profile while it starts.",
}

// factoryReset: the reset button's timing was not found in an AudioCodes
// page seen; the MP-1xx manual LTRT-71405 has "Restoring Networking
// Parameters to their Default Values" (3.4) and the web login returns to
// Admin / Admin (as above), so the text points to the user's manual.
const factoryReset = "Restore the factory defaults with the reset button or the web interface as the adapter's user's manual describes; afterwards the web login is Admin / Admin again."

func adapter(name string, ports int) switchboard.Model {
	return switchboard.Model{
		ID: "audiocodes-" + strings.ToLower(name), Vendor: Vendor, Name: "AudioCodes MediaPack " + name + " (fax adapter)",
		Kind: switchboard.KindAdapter, Lines: ports, KeyTypes: []switchboard.KeyType{},
		FirmwareKey: true, CanSync: true, SyncEvent: "check-sync",
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
