// Package grandstream provisions Grandstream GRP26xx and GXP21xx desk
// phones: the catalogue entries, identification from User-Agent and file
// name, and the <gs_provision> XML format of numbered P-values
// (vendors.md §4).
//
// Every account the model has is written (unused ones switched off and
// emptied), and every virtual multi-purpose key (VPK) with the family's
// own key modes (keys.go names the template each P-value comes from).
package grandstream

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var keyTypes = []switchboard.KeyType{
	switchboard.KeyLine, switchboard.KeySpeedDial, switchboard.KeyBLF, switchboard.KeyVoicemail,
	switchboard.KeyExtension, switchboard.KeyGroup,
}

// manualSteps and factoryReset were checked against Grandstream's public
// documentation on 2026-12-02; beside each step its source, or that none
// was found (then the text stays generic).
var manualSteps = []string{
	// No Grandstream page seen names the key that shows the IP address:
	// generic.
	"Find the phone's IP address in the phone's status menu or in your router's list of devices.",
	// User admin and, on GRP26xx, a random factory password on the sticker
	// at the back: GRP26XX Security Manual, "User Management Levels"
	// (manualshive.com/ru/manual/grandstream-networks/grp26-series/2255825
	// page 7). GXP21xx factory password: not found.
	"Open http://<phone IP>/ in a browser and log in as admin (on GRP26xx phones the factory password is the random one on the sticker at the back).",
	// The provisioning settings are in the Maintenance section: GXP21xx
	// Administration Guide, "Configuration File Download" and "No Touch
	// Provisioning" (easymanua.ls/grandstream-networks/gxp2160/manual
	// /148585?p=119); the page's own name was cut off there: generic.
	"In the web interface's Maintenance section, open the page with the Config Server Path setting.",
	// Config Server Path, an HTTP/HTTPS server path: GXP1100 User Manual,
	// "Configuration File Download", and WP820 Administration Guide,
	// "Provisioning and Configuration File Download"; the path without
	// scheme and the upgrade method are P237 and P212 of vendors.md §4,
	// named Config Server Path and Config Upgrade Via by the GXP21xx
	// configuration template (keys.go).
	"Set Config Upgrade Via to HTTPS and enter the provisioning URL without 'https://' as Config Server Path.",
	// At boot the phone requests cfg<MAC>, then cfg<MAC>.xml: GXP21xx
	// Administration Guide, "Configuration File Download" (as above).
	"Save and apply, then reboot the phone: while it starts it requests cfg<MAC> and cfg<MAC>.xml from that path.",
}

// factoryReset: no Grandstream page seen gives the desk phones' reset
// path (the reset steps found are the HT8xx adapters'), so the text points
// to the administration guide; the password after a reset is the GRP26XX
// Security Manual's sticker password (as above).
const factoryReset = "Restore factory settings from the phone's keypad menu or its web interface as the model's administration guide describes; afterwards log in as admin with the factory password again (GRP26xx: the one on the sticker at the back)."

// series is a model family: its P-value ranges and key modes differ.
type series int

const (
	// grp is GRP26xx (template "GRP261x/2x/3x/5x/7x Firmware Version
	// 1.0.9.103"): one list of key modes for every VPK.
	grp series = iota
	// gxp is GXP21xx (template "GXP2130/2140/2160/2170/2135 Firmware
	// Version 1.0.10.35"): the first VPKs are fixed line keys with other
	// mode numbers than the dynamic ones after them.
	gxp
)

// spec is what Render needs beyond the catalogue entry: the family and,
// on GXP21xx, how many of the VPKs are fixed.
type spec struct {
	series series
	fixed  int
}

var specs = map[string]spec{}

// desk declares a model with its SIP accounts and VPKs.
func desk(name string, s series, accounts, vpks, fixed int) switchboard.Model {
	id := "grandstream-" + strings.ToLower(name)
	specs[id] = spec{series: s, fixed: fixed}
	return switchboard.Model{
		ID: id, Vendor: Vendor, Name: "Grandstream " + name,
		Kind: switchboard.KindDeskPhone, Lines: accounts, LineKeys: vpks, KeyTypes: keyTypes,
		FirmwareKey: true, CanSync: true, SyncEvent: "check-sync",
		Files: []string{"cfg{mac}.xml"}, URLForm: switchboard.URLDirectory, PhonebookFile: phonebookFile,
		// The firmware asks for cfg<mac> (binary form) and cfg<mac>.xml,
		// then the model's cfg<model>.xml, then cfg.xml; a 404 only moves
		// it on (GXP21xx Administration Guide, "Config File Download";
		// GRP26xx taken to do the same, vendors.md §4).
		OtherFiles:   []string{"cfg{mac}", "cfg" + strings.ToLower(name) + ".xml", "cfg.xml"},
		FactoryReset: factoryReset, ManualSteps: manualSteps, Redirect: "grandstream-gdms", Manuals: manuals,
	}
}

// grpPassword and grpMinPassword bound the admin password of GRP26xx:
// "The password length must be between 6 and 25 characters" (GRP26XX
// Security Manual, Change Admin Level Password). No limit is documented
// for GXP21xx.
const (
	grpPassword    = 25
	grpMinPassword = 6
)

// grpDesk is desk for a GRP26xx model, with its password limits.
func grpDesk(name string, accounts, vpks int) switchboard.Model {
	m := desk(name, grp, accounts, vpks, 0)
	m.MaxPassword, m.MinPassword = grpPassword, grpMinPassword
	return m
}

// catalogue is Grandstream's part of the device catalogue. Accounts and
// VPKs: GXP21xx from the sections "For GXP2130/2135/2170" of the GXP21xx
// template (12 VPKs of which 3 fixed, 32 of which 8, 48 of which 12);
// GRP26xx VPKs from wazo's MODEL_FKEYS, accounts from the data sheets.
// GRP2615 and GRP2616 have 5 and 6 accounts, but the templates disagree
// on the P-values of accounts 5 and 6 (P7xx in FusionPBX's GRP26xx
// template, P17xx/P18xx mixed in its GRP2615/2616 ones), so only 4 are
// declared. The physical MPKs of GRP2614/2616 (24, P323…) are not
// modelled.
var catalogue = []switchboard.Model{
	grpDesk("GRP2612", 2, 16), grpDesk("GRP2614", 4, 16), grpDesk("GRP2615", 4, 40), grpDesk("GRP2616", 4, 16),
	desk("GXP2130", gxp, 3, 12, 3), desk("GXP2135", gxp, 4, 32, 8), desk("GXP2170", gxp, 6, 48, 12),
}

// Models returns Grandstream's catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId
// 000b828aa872" and "… HW GXP2200 V2.2A SW …" (wazo common.py, vendors.md §4).
var (
	uaPattern   = regexp.MustCompile(`^Grandstream Model HW ([A-Za-z0-9]{2,12})(?:\s+V[^ ]{1,10})?\s+SW [^ ]{1,40} DevId ([0-9A-Fa-f]{12})\b`)
	filePattern = regexp.MustCompile(`^cfg([0-9a-fA-F]{12})(?:\.xml)?$`)
)

// identifier reads the model and MAC from uaPattern and the MAC from
// filePattern.
var identifier = vendorkit.Identifier{Vendor: Vendor, Catalogue: catalogue, ModelPrefix: "grandstream-", UA: uaPattern, UAMAC: 2, File: filePattern, FileKnown: true}

// Identify reports what a request shows about a Grandstream phone.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	return identifier.Identify(userAgent, fileName)
}
