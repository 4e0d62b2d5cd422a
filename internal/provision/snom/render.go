package snom

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// languages are the language / web_language values (wazo-snom's locale
// table in common/common.py).
var languages = map[string]string{"de": "Deutsch", "en": "English", "fr": "Français"}

// timeZones are timezone values: the country code wazo-snom pairs with a
// locale followed by the zone's standard UTC offset in hours, so only
// zones whose code and offset that source yields are listed.
var timeZones = map[string]string{
	"Europe/Berlin": "GER+1", "Europe/Paris": "FRA+1", "Europe/Madrid": "ESP+1",
	"Europe/Rome": "ITA+1", "Europe/Amsterdam": "NLD+1",
}

// Render writes the phone's settings as one XML file named as the phone
// asks for it ("snom<model>-<MAC>.htm", "{MAC}" without a MAC) and an empty
// model file ("snom<model>.htm") so that request is answered too. Snom sends
// every request to the outbound host, so that is the registrar (or proxy).
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
	for i, l := range p.Lines {
		idx := strconv.Itoa(i + 1)
		set("user_active", idx, "on")
		set("user_realname", idx, l.DisplayName)
		set("user_name", idx, l.Username)
		set("user_pname", idx, vendorkit.Or(l.AuthName, l.Username))
		set("user_pass", idx, l.Password)
		set("user_host", idx, s.Domain)
		set("user_outbound", idx, fmt.Sprintf("%s:%d;transport=%s", host, s.ActivePort(), s.Transport))
		set("user_srtp", idx, srtp)
		set("user_savp", idx, savp)
		if l.Voicemail != "" {
			set("user_mailbox", idx, l.Voicemail)
		}
	}
	if lang, ok := languages[p.Language]; ok {
		set("language", "", lang)
		set("web_language", "", lang)
	}
	if tz, ok := timeZones[p.TimeZone]; ok {
		set("timezone", "", tz)
	}
	if p.AdminPassword != "" {
		set("admin_mode_password", "", p.AdminPassword)
	}
	if p.WebUser != "" && p.WebPassword != "" {
		set("http_user", "", p.WebUser)
		set("http_pass", "", p.WebPassword)
	}
	if p.ProvisioningURL != "" {
		set("setting_server", "", p.ProvisioningURL)
	}
	if p.FirmwareURL != "" {
		set("firmware", "", p.FirmwareURL)
	}
	b.WriteString("  </phone-settings>\n  <functionKeys>\n")
	for _, k := range p.Keys {
		idx := k.Index - 1
		if k.Module > 0 {
			idx = m.LineKeys + (k.Module-1)*m.ModuleKeys + k.Index - 1
		}
		context, value := "1", ""
		switch k.Type {
		case switchboard.KeyLine:
			context, value = vendorkit.Or(k.Value, "1"), "line"
		case switchboard.KeySpeedDial:
			value = "speed " + k.Value
		case switchboard.KeyBLF, switchboard.KeyGroup:
			value = "blf sip:" + k.Value + "@" + s.Domain
		case switchboard.KeyExtension:
			value = "dest sip:" + k.Value + "@" + s.Domain
		}
		b.Leaf("    ", "fkey", fmt.Sprintf(` idx="%d" context="%s"`, idx, context)+vendorkit.Attr("label", k.Label)+` perm="R"`, value)
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
