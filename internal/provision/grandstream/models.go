// Package grandstream provisions Grandstream GRP26xx and GXP21xx desk
// phones: the catalogue entries, identification from User-Agent and file
// name, and the <gs_provision> XML format of numbered P-values
// (vendors.md §4).
//
// Only account 1 is provisioned: the transport and SRTP P-values of
// accounts 2 and up are not verified in any source we have, so the models
// declare one line.
package grandstream

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
	"Find the phone's IP address: press the Up arrow key on the idle screen.",
	"Open https://<phone IP>/ in a browser and log in as admin (the factory password is on the phone's label).",
	"Go to Maintenance > Upgrade and Provisioning.",
	"Set Config Upgrade Via to HTTPS and paste the provisioning URL without 'https://' into Config Server Path.",
	"Click Save and Apply, then Provision (or reboot): the phone fetches cfg<MAC>.xml from that path.",
}

const factoryReset = "On the phone open Menu > System > Factory Reset, or in the web interface Maintenance > Upgrade and Provisioning > Factory Reset."

func desk(name string, keys int) switchboard.Model {
	return switchboard.Model{
		ID: "grandstream-" + strings.ToLower(name), Vendor: Vendor, Name: "Grandstream " + name,
		Kind: switchboard.KindDeskPhone, Lines: 1, LineKeys: keys, KeyTypes: keyTypes,
		CanSync: true, SyncEvent: "check-sync",
		Files: []string{"cfg{mac}.xml"}, URLForm: switchboard.URLDirectory,
		FactoryReset: factoryReset, ManualSteps: manualSteps, Redirect: "grandstream-gdms",
	}
}

// catalogue is Grandstream's part of the device catalogue; key counts are
// the virtual keys of wazo's MODEL_FKEYS where known, else data sheets.
var catalogue = []switchboard.Model{
	desk("GRP2612", 16), desk("GRP2614", 16), desk("GRP2615", 40), desk("GRP2616", 16),
	desk("GXP2130", 8), desk("GXP2135", 32), desk("GXP2170", 48),
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
