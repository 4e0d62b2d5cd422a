// Package gigaset provisions Gigaset N670 IP PRO and N870 IP PRO DECT base
// stations and their handsets: the catalogue entries, identification from
// User-Agent and file name, and the <provisioning> XML format whose
// parameters address one SIP account per handset (vendors.md §5).
package gigaset

import (
	"regexp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// baseSteps and the bases' FactoryReset were checked against Gigaset's
// public documentation on 2026-12-02; beside each step its source, or
// that none was found (then the text stays generic).
var baseSteps = []string{
	// That the N670/N870 have no display was not checked against a Gigaset
	// page; finding the address in the router's list is generic.
	"Find the base station's IP address in your router's list of devices (the base shows no display).",
	// User admin; the factory password was not found in a Gigaset page
	// seen (vendors.md §5 names only WebUIAccounts.1.Password), so the
	// text points to the base's documentation.
	"Open http://<base IP>/ in a browser and log in as admin with the password of the base's documentation or label.",
	// The web interface takes the provisioning server URL: Gigaset
	// Provisioning Guide A31008-M2212-R910-3-7643, "Methods for providing
	// the provisioning server URL" (scribd.com/document/257510624); the
	// page's menu path on N670/N870 was not seen (the gigawiki names
	// Settings > Management > Firmware update > Data server only for older
	// IP DECT bases), so the text stays generic.
	"Open the web interface's provisioning settings.",
	// Provisioning server: Provisioning.global.ProvisioningServer,
	// vendors.md §5, and the GRAPE setting name ProvisioningServer
	// (vendors.md §9).
	"Paste the provisioning URL (it ends with '/') into the provisioning server field and save.",
	// Gigaset IP devices contact their provisioning source after boot-up:
	// gigawiki "SIP Multicast" (teamwork.gigaset.com/gigawiki, page id
	// 1049428309, valid for N670, N870); a button that starts it at once
	// was not seen, so none is named.
	"Restart the base: it fetches its profile and registers its handsets' accounts.",
}

// baseReset: the N670/N870 reset button's timing and LEDs were not found
// in a Gigaset page seen, so the text points to the base's user guide.
const baseReset = "Restore the base's factory settings with its reset button or its web interface as the base's user guide describes; it restarts with factory settings and its handsets must be registered again."

func base(id, name string, handsets int) switchboard.Model {
	return switchboard.Model{
		ID: id, Vendor: Vendor, Name: name, Kind: switchboard.KindDECTBase,
		Lines: handsets, Handsets: handsets, KeyTypes: []switchboard.KeyType{},
		FirmwareKey: true, CanSync: true, SyncEvent: "check-sync",
		// check-sync;reboot=true restarts the base from firmware 2.52 once
		// the profile enables it (Gigaset wiki "SIP check-sync mechanism";
		// also FreePBX Endpoint Manager's NOTIFY list, "reboot-gigaset").
		CanReboot: true, RebootEvent: "check-sync",
		Files: []string{"{mac}.xml"}, URLForm: switchboard.URLDirectory, PhonebookFile: phonebookFile,
		FactoryReset: baseReset,
		ManualSteps:  baseSteps, Redirect: "gigaset-grape", Manuals: baseManuals,
	}
}

func handset(id, name string) switchboard.Model {
	return switchboard.Model{
		ID: id, Vendor: Vendor, Name: name, Kind: switchboard.KindDECTHandset, Lines: 1,
		KeyTypes: []switchboard.KeyType{}, Files: []string{}, URLForm: switchboard.URLNone,
		FactoryReset: "On the handset: Menu > Settings > System > Handset Reset, then register it to its base again.",
		ManualSteps: []string{
			"Attach the handset to its base station in Switchboard; the base receives the handset's account.",
			"Register the handset within 15 minutes of the base fetching its profile (the base opens its registration window then): on the handset, Menu > Settings > Registration > Register Handset, and type the base's PIN that Switchboard shows.",
		},
		Bases:   []string{"gigaset-n670", "gigaset-n870"},
		Manuals: handsetManuals,
	}
}

// catalogue is Gigaset's part of the device catalogue. The N870 figure is
// its all-in-one (single system) role (vendors.md §5).
var catalogue = []switchboard.Model{
	base("gigaset-n670", "Gigaset N670 IP PRO", 20),
	base("gigaset-n870", "Gigaset N870 IP PRO", 100),
	handset("gigaset-r700h", "Gigaset R700H PRO"),
	handset("gigaset-s700h", "Gigaset S700H PRO"),
	handset("gigaset-sl800h", "Gigaset SL800H PRO"),
}

// Models returns Gigaset's catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches "Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605"
// (MAC upper case after ';', wazo Nx70 common.py).
var uaPattern = regexp.MustCompile(`^"?(?:Gigaset )?(N[0-9]{3})[A-Za-z ]{0,20}/[0-9A-Za-z.+_-]{1,80};([0-9A-Fa-f]{12})?`)

var filePattern = regexp.MustCompile(`^([0-9a-fA-F]{12})\.xml$`)

// ouis are Gigaset prefixes from Tancredi patterns (vendors.md §5).
var ouis = []string{"7c2f80", "589ec6"}

// identifier reads the model and MAC from uaPattern and the MAC from
// filePattern.
var identifier = vendorkit.Identifier{Vendor: Vendor, Catalogue: catalogue, ModelPrefix: "gigaset-", UA: uaPattern, UAMAC: 2, File: filePattern, OUIs: ouis}

// Identify reports what a request shows about a Gigaset base.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	return identifier.Identify(userAgent, fileName)
}
