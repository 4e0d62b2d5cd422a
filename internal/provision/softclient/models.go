// Package softclient provisions Switchboard's own soft clients: the desktop
// client, the mobile client (configured by scanning a QR code, seed 004 "an
// IP-Phone") and the web phone (seed 004 "an Web-Phone"). Their profile is a
// small JSON document of Switchboard's own design.
package softclient

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// reset is how a desktop or mobile client is taken back.
const reset = "Sign out in the client and remove its data (desktop: uninstall the client; mobile: delete the app); the device's access key can be renewed with New key."

// client builds a soft client's entry: one line, no keys, and its JSON
// document named by the device's key; manuals are its reset and steps in
// further languages.
func client(id, name string, kind switchboard.DeviceKind, form switchboard.URLForm, manuals map[string]switchboard.Manual, reset string, steps ...string) switchboard.Model {
	return switchboard.Model{
		ID: "softclient-" + id, Vendor: Vendor, Name: name, Kind: kind, Lines: 1, KeyTypes: []switchboard.KeyType{},
		Files: []string{"{key}.json"}, URLForm: form, FactoryReset: reset, ManualSteps: steps, Manuals: manuals,
	}
}

// catalogue is the soft clients' part of the device catalogue.
var catalogue = []switchboard.Model{
	client("desktop", "Desktop client", switchboard.KindDesktopClient, switchboard.URLFile, desktopManuals, reset,
		"Install and open the desktop client.",
		"Choose 'Set up with a provisioning link' and paste the provisioning URL.",
		"The client loads its profile and registers; sign out on any other computer first (seed 000: double registration)."),
	client("mobile", "Mobile client", switchboard.KindMobileClient, switchboard.URLFile, mobileManuals, reset,
		"In the portal, open the device and click New: a QR code with the provisioning URL appears.",
		"Start the mobile app and scan the QR code; wait until it has loaded its configuration.",
		"Check in the portal that Last access shows the phone's time and address, then make a test call."),
	client("web", "Web phone", switchboard.KindWebPhone, switchboard.URLNone, webManuals, "Sign out of the web phone and close the browser tab.",
		"Open the web phone page of the portal in a WebRTC browser such as Chrome.",
		"Log in with the portal user name and password; the web phone loads its account itself."),
}

// Models returns the soft clients' catalogue entries.
func Models() []switchboard.Model { return vendorkit.CopyModels(catalogue) }

// uaPattern matches the clients' "Switchboard-Desktop/1.4.2" and
// "Switchboard-Mobile/2.0 (iOS 17)".
var uaPattern = regexp.MustCompile(`^Switchboard-(Desktop|Mobile|Web)/[0-9][0-9.]{0,20}`)

// Identify recognises the clients by User-Agent; they have no MAC.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	var s vendorkit.Sighting
	if m := vendorkit.MatchUA(uaPattern, userAgent); m != nil {
		s.Known = true
		s.Model = "softclient-" + strings.ToLower(m[1])
	}
	return s.Identity(Vendor)
}
