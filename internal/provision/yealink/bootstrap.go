package yealink

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Bootstrap writes the MAC file a Yealink phone gets at the zero-touch
// URLs (named after mac, "{mac}" without one): the provisioning server URL set to the phone's own directory URL
// (static.auto_provision.server.url) and the periodic check switched on
// every minute (static.auto_provision.repeat.*, Administrator's Guide
// "Auto Provisioning"), so the phone asks its own URL within a minute; its
// own profile then sets the real interval. The common model file is not
// given: a phone that finds none goes on to its MAC file (urlForm).
func Bootstrap(m switchboard.Model, mac, url string) ([]switchboard.File, error) {
	var w writer
	w.comment("Switchboard bootstrap for a " + m.Name + ": fetch the device profile from its own URL")
	w.set("static.auto_provision.server.url", url)
	w.set("static.auto_provision.repeat.enable", "1")
	w.set("static.auto_provision.repeat.minutes", "1")
	return []switchboard.File{{Name: vendorkit.Or(mac, "{mac}") + ".cfg", ContentType: vendorkit.TextType, Body: w.bytes()}}, nil
}

// BootstrapURL reads the provisioning URL back from a parsed bootstrap, as
// the phone takes it.
func BootstrapURL(parsed map[string]string) string { return parsed["static.auto_provision.server.url"] }
