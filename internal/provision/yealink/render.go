package yealink

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// header is the first line every Yealink configuration file must carry.
const header = "#!version:1.0.0.1"

// transportCodes are the account.N.sip_server.1.transport_type values.
var transportCodes = vendorkit.TransportCodes("0", "1", "2")

// srtpCodes are the account.N.srtp_encryption values: 0 off and 2
// compulsory (set by wazo with TLS); 1 optional per the Yealink admin guide.
var srtpCodes = vendorkit.SRTPCodes("0", "1", "2")

// keyCodes are the linekey.N.type codes (vendors.md §1): a group key is a
// BLF on the group's extension, an extension key a speed dial to it.
var keyCodes = map[switchboard.KeyType]string{
	switchboard.KeyLine: "15", switchboard.KeySpeedDial: "13", switchboard.KeyBLF: "16",
	switchboard.KeyVoicemail: "12", switchboard.KeyExtension: "13", switchboard.KeyGroup: "16",
}

// languages are the lang.gui / lang.wui values (wazo's _XX_LANG map).
var languages = map[string]string{"de": "German", "en": "English", "fr": "French"}

// timeZones are the local_time.time_zone offset and time_zone_name pairs
// of Yealink's own time zone list (its admin guide's "Time Zones" table, as
// public templates write it, e.g. "+1" and "Germany(Berlin)"); the phone
// applies daylight saving time by that name. Other zones are left to the
// phone's default.
var timeZones = map[string][2]string{
	"Europe/Berlin": {"+1", "Germany(Berlin)"}, "Europe/Paris": {"+1", "France(Paris)"},
	"Europe/Rome": {"+1", "Italy(Rome)"}, "Europe/Amsterdam": {"+1", "Netherlands(Amsterdam)"},
	"Europe/Brussels": {"+1", "Belgium(Brussels)"}, "Europe/Vienna": {"+1", "Austria(Vienna)"},
	"Europe/Prague": {"+1", "Czech Republic(Prague)"}, "Europe/London": {"0", "United Kingdom(London)"},
}

// Render writes the profile as Yealink files: first the per-device MAC file
// carrying everything, then the common model file (header only) so the
// phone's request for it is answered. File names use the profile's MAC, or
// "{mac}" when it has none.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	var w writer
	w.comment("Switchboard device profile for a " + m.Name)
	s := p.Server
	for i, l := range p.Lines {
		a := fmt.Sprintf("account.%d.", i+1)
		w.set(a+"enable", "1")
		w.set(a+"label", vendorkit.Or(l.Label, l.DisplayName))
		w.set(a+"display_name", l.DisplayName)
		w.set(a+"user_name", l.Username)
		w.set(a+"auth_name", vendorkit.Or(l.AuthName, l.Username))
		w.set(a+"password", l.Password)
		w.set(a+"sip_server.1.address", s.Registrar)
		w.set(a+"sip_server.1.port", strconv.Itoa(s.ActivePort()))
		w.set(a+"sip_server.1.transport_type", transportCodes[s.Transport])
		if s.Proxy != "" {
			w.set(a+"outbound_proxy_enable", "1")
			w.set(a+"outbound_proxy.1.address", s.Proxy)
			w.set(a+"outbound_proxy.1.port", strconv.Itoa(s.ActivePort()))
		}
		w.set(a+"srtp_encryption", srtpCodes[s.SRTP])
		if l.Voicemail != "" {
			w.set(fmt.Sprintf("voice_mail.number.%d", i+1), l.Voicemail)
		}
	}
	for _, h := range p.Handsets {
		hs := fmt.Sprintf("handset.%d.", h.Index)
		lines := joinInts(h.Lines)
		w.set(hs+"name", h.Name)
		w.set(hs+"incoming_lines", lines)
		w.set(hs+"dial_out_lines", lines)
		w.set(hs+"dial_out_default_line", strconv.Itoa(h.Lines[0]))
	}
	for _, k := range p.Keys {
		prefix := fmt.Sprintf("linekey.%d.", k.Index)
		if k.Module > 0 {
			prefix = fmt.Sprintf("expansion_module.%d.key.%d.", k.Module, k.Index)
		}
		line, value := "1", k.Value
		if k.Type == switchboard.KeyLine {
			line, value = vendorkit.Or(k.Value, "1"), ""
		}
		w.set(prefix+"type", keyCodes[k.Type])
		w.set(prefix+"line", line)
		w.set(prefix+"value", value)
		w.set(prefix+"label", k.Label)
	}
	if lang, ok := languages[p.Language]; ok {
		w.set("lang.gui", lang)
		w.set("lang.wui", lang)
	}
	if tz, ok := timeZones[p.TimeZone]; ok {
		w.set("local_time.time_zone", tz[0])
		w.set("local_time.time_zone_name", tz[1])
	}
	if p.AdminPassword != "" {
		w.set("static.security.user_password", "admin:"+p.AdminPassword)
	}
	if p.WebUser != "" && p.WebPassword != "" {
		w.set("static.security.user_name.user", p.WebUser)
		w.set("static.security.user_password", "user:"+p.WebPassword)
	}
	if p.ProvisioningURL != "" {
		w.set("static.auto_provision.server.url", p.ProvisioningURL)
	}
	if p.FirmwareURL != "" {
		w.set("static.firmware.url", p.FirmwareURL)
	}
	out := []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".cfg", ContentType: vendorkit.TextType, Body: w.bytes()}}
	for _, f := range m.Files {
		if f != "{mac}.cfg" {
			var c writer
			c.comment("Switchboard: every setting is in the device's own file")
			out = append(out, switchboard.File{Name: f, ContentType: vendorkit.TextType, Body: c.bytes()})
		}
	}
	return out, nil
}

// writer builds a key=value file; values lose line breaks so that no value
// can start a key of its own.
type writer struct{ b bytes.Buffer }

func (w *writer) start() {
	if w.b.Len() == 0 {
		w.b.WriteString(header + "\n")
	}
}

func (w *writer) comment(s string) {
	w.start()
	w.b.WriteString("# " + oneLine(s) + "\n")
}

func (w *writer) set(key, value string) {
	w.start()
	w.b.WriteString(key + " = " + oneLine(value) + "\n")
}

func (w *writer) bytes() []byte {
	w.start()
	return bytes.Clone(w.b.Bytes())
}

// oneLine replaces control characters, which would break the line format.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
