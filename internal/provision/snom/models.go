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

// manualSteps and factoryReset were checked against Snom's public
// documentation on 2026-12-02; beside each step its source, or that none
// was found (then the text stays generic).
var manualSteps = []string{
	// No Snom page seen names the D7xx menu that shows the IP address
	// (the Help key of the Snom wiki FAQ is the snom 3x0's): generic.
	"Find the phone's IP address in the phone's menu (network or system information) or in your router's list of devices.",
	// Admin password 0000 at factory settings: wiki.snom.com
	// Settings/admin_mode_password (DEFAULTVALUE 0000) and service.snom.com
	// /display/wiki/admin_mode_password. The web login itself: not found.
	"Open http://<phone IP>/ in a browser; if it asks for a login, use the one set for the web interface (the phone's administrator password is 0000 at factory settings).",
	// The setting server can be set by hand in the web interface: Snom
	// FAQ "Configuring snom phones for Mass Deployment" (setting_server);
	// the page holding it on D7xx firmware: not found, so generic.
	"In the web interface's advanced settings, find the setting server field (Setting URL, setting name setting_server).",
	// setting_server: as above; update_policy: vendors.md §3 (no Snom
	// page with its web label seen).
	"Paste the provisioning URL into it and let the phone update its settings automatically (update policy, setting name update_policy).",
	// The phone fetches its settings at boot: service.snom.com/display
	// /wiki/Auto+Provisioning, "Step 1" and "Step 2".
	"Save, then reboot the phone: while it starts it fetches its settings from that URL.",
}

// factoryReset: the reset URL for firmware 7 and later, valid only while
// the web interface has no password, and admin mode through Settings key
// > Maintenance > Admin Mode with 0000 are wiki.snom.com/FAQ/How_can_I
// _set_the_phone_back_to_admin_mode_or_factory_defaults_respectively
// (items 1 and 2); the reset entry of the D7xx phone menu: not found, so
// the text points to the user manual.
const factoryReset = "If the web interface has no password, open http://<phone IP>/advanced_network.htm?reset=Reset: the phone returns to factory settings and restarts. Otherwise switch the phone to admin mode (Settings key > Maintenance > Admin Mode, administrator password 0000 at factory settings) and reset it from its menu as its user manual describes."

func desk(name string, lines, keys, modules int) switchboard.Model {
	moduleKeys := 0
	if modules > 0 {
		moduleKeys = 18
	}
	return switchboard.Model{
		ID: "snom-" + strings.ToLower(name), Vendor: Vendor, Name: "Snom " + name, Kind: switchboard.KindDeskPhone,
		Lines: lines, LineKeys: keys, Modules: modules, ModuleKeys: moduleKeys, KeyTypes: keyTypes,
		FirmwareKey: true, CanSync: true, CanReboot: true, SyncEvent: "check-sync", RebootEvent: "check-sync",
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
