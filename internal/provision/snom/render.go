package snom

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// languages are the language / web_language values (wazo-snom's locale
// table in common/common.py writes "Francais"; the phone's own language
// list spells it "Français", which this keeps).
var languages = map[string]string{"de": "Deutsch", "en": "English", "fr": "Français"}

// adminUser is the name of the web interface's admin account, Snom's
// factory name (the profile has a name only for the user account).
const adminUser = "admin"

// fkeyIndex is the fkey idx of a function key: the phone's keys count
// from 0, each expansion module's keys follow in module order (Snom D7
// User Manual, function key numbering).
func fkeyIndex(m switchboard.Model, k switchboard.FunctionKey) int {
	if k.Module == 0 {
		return k.Index - 1
	}
	return m.LineKeys + (k.Module-1)*m.ModuleKeys + k.Index - 1
}

// Render writes the phone's settings as one XML file named as the phone
// asks for it ("snom<model>-<MAC>.htm", "{MAC}" without a MAC) and an empty
// model file ("snom<model>.htm") so that request is answered too. Every
// identity slot and every fkey position of the phone and its expansion
// modules is written, the unused ones reset. Snom sends every request to
// the outbound host, so that is the registrar (or proxy).
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	host := vendorkit.Or(s.Proxy, s.Registrar)
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<settings>\n  <phone-settings>\n")
	set := func(name, idx, value string) {
		attrs := ` perm="R"`
		if idx != "" {
			attrs = ` idx="` + idx + `"` + attrs
		}
		b.Leaf("    ", name, attrs, value)
	}
	savp := map[switchboard.SRTP]string{switchboard.SRTPOff: "off", switchboard.SRTPOptional: "optional", switchboard.SRTPMandatory: "mandatory"}[s.SRTP]
	srtp := "on"
	if s.SRTP == switchboard.SRTPOff {
		srtp = "off"
	}
	for i := 0; i < m.Lines; i++ {
		idx := strconv.Itoa(i + 1)
		if i >= len(p.Lines) {
			// An identity the profile no longer has is switched off and
			// emptied, so the phone neither registers nor keeps it.
			set("user_active", idx, "off")
			for _, k := range []string{"user_realname", "user_name", "user_pname", "user_pass", "user_host", "user_outbound", "user_mailbox"} {
				set(k, idx, "")
			}
			continue
		}
		l := p.Lines[i]
		set("user_active", idx, "on")
		set("user_realname", idx, l.DisplayName)
		set("user_name", idx, l.Username)
		set("user_pname", idx, vendorkit.Or(l.AuthName, l.Username))
		set("user_pass", idx, l.Password)
		set("user_host", idx, s.Domain)
		set("user_outbound", idx, fmt.Sprintf("%s:%d;transport=%s", host, s.ActivePort(), s.Transport))
		set("user_srtp", idx, srtp)
		set("user_savp", idx, savp)
		set("user_mailbox", idx, l.Voicemail)
	}
	if lang, ok := languages[p.Language]; ok {
		set("language", "", lang)
		set("web_language", "", lang)
	}
	if len(p.NTPServers) > 0 {
		// The phone keeps one time server: the preferred one.
		set("ntp_server", "", p.NTPServers[0])
	}
	if tz, ok := timeZones[p.TimeZone]; ok {
		set("timezone", "", tz)
	}
	writeResync(set, p.Resync)
	// The web interface's admin login (http_user / http_pass, and the
	// admin account of firmware 10) and the keypad's admin mode PIN take
	// the admin password; the web interface's user account takes the
	// user's name and password.
	if p.AdminPassword != "" {
		set("http_user", "", adminUser)
		set("http_pass", "", p.AdminPassword)
		set("webserver_admin_name", "", adminUser)
		set("webserver_admin_password", "", p.AdminPassword)
		set("admin_mode_password", "", p.AdminPassword)
	}
	if p.WebUser != "" && p.WebPassword != "" {
		set("webserver_user_name", "", p.WebUser)
		set("webserver_user_password", "", p.WebPassword)
	}
	if p.ProvisioningURL != "" {
		set("setting_server", "", p.ProvisioningURL)
	}
	if p.FirmwareURL != "" {
		set("firmware", "", p.FirmwareURL)
	}
	writeDirectoryKey(set, p)
	b.WriteString("  </phone-settings>\n  <functionKeys>\n")
	at := map[int]switchboard.FunctionKey{}
	for _, k := range p.Keys {
		at[fkeyIndex(m, k)] = k
	}
	for idx := 0; idx < m.LineKeys+m.Modules*m.ModuleKeys; idx++ {
		// A key the profile does not set gets Snom's default, a free
		// line key for any identity, so a removed key leaves nothing.
		context, value, label := "active", "line", ""
		if k, ok := at[idx]; ok {
			label = k.Label
			switch k.Type {
			case switchboard.KeyLine:
				context = vendorkit.Or(k.Value, "1")
			case switchboard.KeySpeedDial:
				context, value = "1", "speed "+k.Value
			case switchboard.KeyBLF, switchboard.KeyGroup:
				context, value = "1", "blf sip:"+k.Value+"@"+s.Domain
			case switchboard.KeyExtension:
				context, value = "1", "dest sip:"+k.Value+"@"+s.Domain
			}
		}
		b.Leaf("    ", "fkey", fmt.Sprintf(` idx="%d" context="%s"`, idx, context)+vendorkit.Attr("label", label)+` perm="R"`, value)
	}
	b.WriteString("  </functionKeys>\n</settings>\n")
	mac := vendorkit.Or(strings.ToUpper(p.MAC), "{MAC}")
	model := strings.TrimPrefix(m.Name, "Snom ")
	empty := []byte(xml.Header + "<settings/>\n")
	return []switchboard.File{
		{Name: "snom" + model + "-" + mac + ".htm", ContentType: vendorkit.XMLType, Body: b.Bytes()},
		{Name: "snom" + model + ".htm", ContentType: vendorkit.XMLType, Body: empty},
	}, nil
}

// writeResync sets how often the phone asks for its profile by itself. A
// whole number of days uses random provisioning polling (srcPolling): the
// phone picks a random time in the nightly window each period, so phones
// booted together after a power cut do not come back together every day
// after. Shorter intervals use the refresh timer, counted from boot.
// Whichever is not used is switched off.
func writeResync(set func(name, idx, value string), resync time.Duration) {
	if resync <= 0 {
		return
	}
	if days, ok := vendorkit.WholeDays(resync); ok {
		set("settings_refresh_timer", "", "0")
		set("prov_polling_enabled", "", "on")
		set("prov_polling_mode", "", "random")
		set("prov_polling_period", "", strconv.Itoa(days*86400))
		set("prov_polling_time", "", vendorkit.WindowBegin)
		set("prov_polling_time_rand_end", "", vendorkit.WindowEnd)
		return
	}
	set("prov_polling_enabled", "", "off")
	set("settings_refresh_timer", "", strconv.Itoa(int(resync/time.Second)))
}
