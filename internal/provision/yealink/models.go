// Package yealink provisions Yealink T4x/T5x desk phones and W70B/W80B DECT
// base stations with their handsets: the catalogue entries, the files the
// firmware asks for, identification from User-Agent and file name, and the
// `#!version:1.0.0.1` key=value profile format (vendors.md §1).
package yealink

import (
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// keyTypes are the function keys Switchboard renders on Yealink phones
// (linekey.N.type codes, vendors.md §1 "Line keys / BLF").
var keyTypes = []switchboard.KeyType{
	switchboard.KeyLine, switchboard.KeySpeedDial, switchboard.KeyBLF,
	switchboard.KeyVoicemail, switchboard.KeyExtension, switchboard.KeyGroup,
}

// deskSteps is where the provisioning URL goes in a desk phone's web UI.
var deskSteps = []string{
	"Find the phone's IP address: press the OK key on the phone.",
	"Open https://<phone IP>/ in a browser and log in as admin (factory password: admin).",
	"Go to Settings > Auto Provision.",
	"Paste the provisioning URL into Server URL; leave User Name and Password empty.",
	"Click Confirm, then Auto Provision Now: the phone fetches its profile and restarts.",
}

// baseSteps is the same for a DECT base station.
var baseSteps = []string{
	"Find the base station's IP address: on a registered handset, open OK > Status > Base.",
	"Open https://<base IP>/ in a browser and log in as admin (factory password: admin).",
	"Go to Settings > Auto Provision.",
	"Paste the provisioning URL into Server URL; leave User Name and Password empty.",
	"Click Confirm, then Auto Provision Now: the base fetches its profile and restarts.",
}

const (
	deskReset = "Hold the OK key for 5 seconds and confirm the factory reset (seed 000)."
	baseReset = "In the base's web interface open Settings > Upgrade and choose Reset to Factory, or hold the paging key on the base until its LED flashes."
)

// modelCodes are the per-model common file codes (y0000000000NN.cfg) from
// FusionPBX boot files (vendors.md §1 "Files requested"). W80B is left out:
// its code is marked unverified there, so only its MAC file is listed.
var modelCodes = vendorkit.Codes[string]{
	"T46S": "066", "T43U": "107", "T46U": "108", "T48U": "109",
	"T53W": "095", "T54W": "096", "T57W": "097", "W70B": "146",
}

// desk builds a desk phone entry; uaModel is the model as the User-Agent
// names it (after "SIP-").
func desk(uaModel string, lines, lineKeys, modules, moduleKeys int) switchboard.Model {
	return switchboard.Model{
		ID: "yealink-" + strings.ToLower(uaModel), Vendor: Vendor, Name: "Yealink " + uaModel,
		Kind: switchboard.KindDeskPhone, Lines: lines, LineKeys: lineKeys,
		FirmwareKey: true,
		Modules:     modules, ModuleKeys: moduleKeys, KeyTypes: keyTypes,
		CanSync: true, CanReboot: true, SyncEvent: "check-sync", RebootEvent: "check-sync",
		Files: files(uaModel), OtherFiles: otherFiles(uaModel),
		URLForm: urlForm, PhonebookFile: phonebookFile, MaxPassword: maxPassword, FactoryReset: deskReset, ManualSteps: deskSteps,
		Manuals:  deskManuals,
		Redirect: "yealink-rps",
	}
}

// base builds a DECT base station entry.
func base(uaModel string, lines int) switchboard.Model {
	return switchboard.Model{
		ID: "yealink-" + strings.ToLower(uaModel), Vendor: Vendor, Name: "Yealink " + uaModel + " DECT base",
		Kind: switchboard.KindDECTBase, Lines: lines, Handsets: lines,
		FirmwareKey: true,
		KeyTypes:    []switchboard.KeyType{},
		CanSync:     true, CanReboot: true, SyncEvent: "check-sync", RebootEvent: "check-sync",
		Files: files(uaModel), OtherFiles: otherFiles(uaModel),
		URLForm: urlForm, PhonebookFile: phonebookFile, MaxPassword: maxPassword, FactoryReset: baseReset, ManualSteps: baseSteps,
		Manuals:  baseManuals,
		Redirect: "yealink-rps",
	}
}

// handset builds a DECT handset entry: it fetches nothing itself, its line
// goes into the base's profile (seed 004 "Gérer le combiné DECT").
func handset(name string) switchboard.Model {
	return switchboard.Model{
		ID: "yealink-" + strings.ToLower(name), Vendor: Vendor, Name: "Yealink " + name + " DECT handset",
		Kind: switchboard.KindDECTHandset, Lines: 1, KeyTypes: []switchboard.KeyType{},
		Files: []string{}, URLForm: switchboard.URLNone,
		FactoryReset: "Reset the handset from its menu: OK > Settings > System Settings > Handset Reset (PIN 0000), then register it to its base again.",
		ManualSteps:  []string{"Attach the handset to its base station in Switchboard; it gets its line through the base.", "Register the handset to the base: on the handset, OK > Settings > Registration > Register Handset."},
		Bases:        []string{"yealink-w70b", "yealink-w80b"}, Manuals: handsetManuals,
	}
}

// urlForm is how the provisioning URL is given: a directory. Yealink's
// guides describe static.auto_provision.server.url as the provisioning
// server's location from which the phone fetches, in order, <MAC>.boot,
// else y000000000000.boot, else the common y0000000000xx.cfg and then
// <MAC>.cfg (Administrator's Guide for SIP-T2/T4/T5 Series, "Boot Files" and
// "Downloading Boot, Configuration and Resource Files"; W60/W70/W80 guides
// alike), and the public templates write it as a directory URL with a
// trailing '/' (wazo v86 base.tpl, v87 base-dect.tpl). None of the guide
// pages read documents a server URL naming a file. MaxPassword (keys.go
// maxPassword, 26) follows from the guide's 32-character limit of
// static.security.user_password = admin:<password>.
const urlForm = switchboard.URLDirectory

// otherFiles are the names the firmware asks for (or uploads) under the
// provisioning directory that Switchboard does not serve: the two boot
// files (a 404 on both is the documented fall-back to the common and MAC
// files, so they need not exist), the MAC-local file and local contacts
// the phone syncs when static.auto_provision.custom.sync is on
// (Administrator's Guide, "MAC-local CFG File"), and the boot and system
// logs it uploads when log backup is on (names as recalled from the
// guide's log section, not confirmed against a public copy). For the W80B the
// common file's code is not known for sure (vendors.md §1), so both
// candidates are listed instead of served.
func otherFiles(uaModel string) []string {
	other := []string{"{mac}.boot", "y000000000000.boot", "{mac}-local.cfg", "{mac}-contact.xml", "{mac}-boot.log", "{mac}-sys.log"}
	if uaModel == "W80B" {
		other = append(other, "y000000000103.cfg", "y000000000175.cfg")
	}
	return other
}

// files lists the names the firmware asks for: the common model file, then
// the per-device MAC file (vendors.md §1).
func files(uaModel string) []string {
	if code, ok := modelCodes[uaModel]; ok {
		return []string{"y000000000" + code + ".cfg", "{mac}.cfg"}
	}
	return []string{"{mac}.cfg"}
}

// catalogue is Yealink's part of the device catalogue. Line and key counts
// are the vendors' data-sheet figures; module keys count all pages of an
// EXP module.
var catalogue = []switchboard.Model{
	desk("T46S", 16, 27, 6, 40),
	desk("T43U", 12, 21, 3, 60),
	desk("T46U", 16, 27, 3, 60),
	desk("T48U", 16, 29, 3, 60),
	desk("T53W", 12, 21, 3, 60),
	desk("T54W", 16, 27, 3, 60),
	desk("T57W", 16, 29, 3, 60),
	base("W70B", 10),
	base("W80B", 100),
	handset("W73H"),
	handset("W56H"),
	handset("W59R"),
}

// Models returns Yealink's catalogue entries; the caller may modify them.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// modelID is the catalogue id of a model by its User-Agent name, "" for a
// model not in the catalogue.
func modelID(uaModel string) string {
	return vendorkit.ModelID(catalogue, "yealink-"+strings.ToLower(uaModel))
}
