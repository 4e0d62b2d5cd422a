package yealink

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

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
// BLF on the group's extension, an extension key a speed dial to it. An
// unused key is type 0 (N/A).
var keyCodes = map[switchboard.KeyType]string{
	switchboard.KeyLine: "15", switchboard.KeySpeedDial: "13", switchboard.KeyBLF: "16",
	switchboard.KeyVoicemail: "12", switchboard.KeyExtension: "13", switchboard.KeyGroup: "16",
}

// languages are the lang.gui / lang.wui values (wazo common.py _LOCALE).
var languages = map[string]string{"de": "German", "en": "English", "fr": "French"}

// handsetLanguages are the custom.handset.language codes of the DECT
// handsets (FusionPBX w80 template comment, wazo _LOCALE).
var handsetLanguages = map[string]string{"en": "0", "fr": "1", "de": "2"}

// maxResyncMinutes is the longest static.auto_provision.repeat.minutes,
// maxResyncDays the longest static.auto_provision.flexible.interval.
const (
	maxResyncMinutes = 43200
	maxResyncDays    = 1000
)

// writeResync sets how often the phone asks for its profile by itself. A
// whole number of days uses the flexible mode: the phone picks a day of
// the interval by its MAC and a random time between 01:00 and 05:00 of
// it, so phones booted together after a power cut do not resync together
// ever after, as the repeat mode (every N minutes from boot) would make
// them. Shorter intervals repeat every N minutes. Whichever is not used is
// switched off.
func writeResync(w *writer, resync time.Duration) {
	if resync <= 0 {
		return
	}
	if days, ok := vendorkit.WholeDays(resync); ok {
		w.set("static.auto_provision.repeat.enable", "0")
		w.set("static.auto_provision.flexible.enable", "1")
		w.set("static.auto_provision.flexible.interval", strconv.Itoa(min(days, maxResyncDays)))
		w.set("static.auto_provision.flexible.begin_time", vendorkit.WindowBegin)
		w.set("static.auto_provision.flexible.end_time", vendorkit.WindowEnd)
		return
	}
	minutes := min(max(int((resync+time.Minute-1)/time.Minute), 1), maxResyncMinutes)
	w.set("static.auto_provision.flexible.enable", "0")
	w.set("static.auto_provision.repeat.enable", "1")
	w.set("static.auto_provision.repeat.minutes", strconv.Itoa(minutes))
}

// Render writes the profile as Yealink files: first the per-device MAC file
// carrying everything, then the common model file (header only) so the
// phone's request for it is answered. File names use the profile's MAC, or
// "{mac}" when it has none.
//
// Every account slot of the model, every handset slot of a base and every
// line and expansion module key of a desk phone is written, the unused ones
// disabled or reset to %NULL% (type 0 for keys): a setting Switchboard no
// longer has is removed from the phone, not left behind. For the same
// reason an empty value is written as %NULL%, since the firmware keeps its
// current value for a blank one.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	var w writer
	w.comment("Switchboard device profile for a " + m.Name)
	writeAccounts(&w, p, m)
	if m.Kind == switchboard.KindDECTBase {
		writeHandsets(&w, p, m)
	} else {
		writeKeys(&w, p, m)
	}
	writeLanguage(&w, p, m)
	writeTime(&w, p)
	writePasswords(&w, p)
	if p.ProvisioningURL != "" {
		w.set("static.auto_provision.server.url", p.ProvisioningURL)
	}
	writePhonebook(&w, p)
	writeResync(&w, p.Resync)
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

// writeAccounts writes every account slot of the model: the profile's lines,
// then the remaining slots disabled with their values reset.
func writeAccounts(w *writer, p *switchboard.Profile, m switchboard.Model) {
	s := p.Server
	port := strconv.Itoa(s.ActivePort())
	for n := 1; n <= m.Lines; n++ {
		a := fmt.Sprintf("account.%d.", n)
		if n > len(p.Lines) {
			w.set(a+"enable", "0")
			for _, k := range []string{"label", "display_name", "user_name", "auth_name", "password",
				"sip_server.1.address", "sip_server.1.port", "sip_server.1.transport_type"} {
				w.set(a+k, null)
			}
			w.set(a+"outbound_proxy_enable", "0")
			w.set(a+"outbound_proxy.1.address", null)
			w.set(a+"outbound_proxy.1.port", null)
			w.set(a+"srtp_encryption", null)
			w.set(fmt.Sprintf("voice_mail.number.%d", n), null)
			continue
		}
		l := p.Lines[n-1]
		w.set(a+"enable", "1")
		w.set(a+"label", vendorkit.Or(l.Label, l.DisplayName))
		w.set(a+"display_name", l.DisplayName)
		w.set(a+"user_name", l.Username)
		w.set(a+"auth_name", vendorkit.Or(l.AuthName, l.Username))
		w.set(a+"password", l.Password)
		w.set(a+"sip_server.1.address", s.Registrar)
		w.set(a+"sip_server.1.port", port)
		w.set(a+"sip_server.1.transport_type", transportCodes[s.Transport])
		if s.Proxy != "" {
			w.set(a+"outbound_proxy_enable", "1")
			w.set(a+"outbound_proxy.1.address", s.Proxy)
			w.set(a+"outbound_proxy.1.port", port)
		} else {
			w.set(a+"outbound_proxy_enable", "0")
			w.set(a+"outbound_proxy.1.address", null)
			w.set(a+"outbound_proxy.1.port", null)
		}
		w.set(a+"srtp_encryption", srtpCodes[s.SRTP])
		w.set(fmt.Sprintf("voice_mail.number.%d", n), l.Voicemail)
	}
}

// writeHandsets writes every handset slot of a DECT base. A handset rings on
// all its lines and dials out on them, the first being its default: the
// app gives each handset its own line first and the base's own account
// (when the base has one) after it, so that account rings on every handset
// instead of on none. Unused slots are reset. The base PIN is the code a
// handset types to register; the W-series documents no key that opens the
// registration window, so Handset.Pair changes nothing in the file.
func writeHandsets(w *writer, p *switchboard.Profile, m switchboard.Model) {
	used := make(map[int]switchboard.Handset, len(p.Handsets))
	for _, h := range p.Handsets {
		used[h.Index] = h
	}
	for x := 1; x <= m.Handsets; x++ {
		hs := fmt.Sprintf("handset.%d.", x)
		h, ok := used[x]
		if !ok {
			for _, k := range []string{"name", "incoming_lines", "dial_out_lines", "dial_out_default_line"} {
				w.set(hs+k, null)
			}
			continue
		}
		lines := joinInts(h.Lines)
		w.set(hs+"name", h.Name)
		w.set(hs+"incoming_lines", lines)
		w.set(hs+"dial_out_lines", lines)
		w.set(hs+"dial_out_default_line", strconv.Itoa(h.Lines[0]))
	}
	if p.HandsetPIN != "" {
		w.set("base.pin_code", p.HandsetPIN)
	}
}

// writeKeys writes every line key and every key of every expansion module
// the model takes; a position without a key is reset to type 0.
func writeKeys(w *writer, p *switchboard.Profile, m switchboard.Model) {
	keys := make(map[[2]int]switchboard.FunctionKey, len(p.Keys))
	for _, k := range p.Keys {
		keys[[2]int{k.Module, k.Index}] = k
	}
	for i := 1; i <= m.LineKeys; i++ {
		k, ok := keys[[2]int{0, i}]
		writeKey(w, fmt.Sprintf("linekey.%d.", i), k, ok)
	}
	for mod := 1; mod <= m.Modules; mod++ {
		for i := 1; i <= m.ModuleKeys; i++ {
			k, ok := keys[[2]int{mod, i}]
			writeKey(w, fmt.Sprintf("expansion_module.%d.key.%d.", mod, i), k, ok)
		}
	}
}

func writeKey(w *writer, prefix string, k switchboard.FunctionKey, ok bool) {
	if !ok {
		w.set(prefix+"type", "0")
		w.set(prefix+"line", null)
		w.set(prefix+"value", null)
		w.set(prefix+"label", null)
		return
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

// writeLanguage writes the phone and web interface language of a desk
// phone, or the web interface and handset language of a DECT base; no
// language resets them.
func writeLanguage(w *writer, p *switchboard.Profile, m switchboard.Model) {
	if m.Kind == switchboard.KindDECTBase {
		w.set("lang.wui", languages[p.Language])
		w.set("custom.handset.language", handsetLanguages[p.Language])
		return
	}
	w.set("lang.gui", languages[p.Language])
	w.set("lang.wui", languages[p.Language])
}

// writeTime writes the two NTP server slots the firmware has (further
// servers of the profile are dropped) and the time zone with its summer
// time rule (see zone); a slot or zone the profile lacks is reset.
func writeTime(w *writer, p *switchboard.Profile) {
	for i := range 2 {
		server := ""
		if i < len(p.NTPServers) {
			server = p.NTPServers[i]
		}
		w.set(fmt.Sprintf("local_time.ntp_server%d", i+1), server)
	}
	// Servers a DHCP server offers win over configured ones by default; the
	// profile's servers are meant to be used (0 DHCP first, 1 these first).
	if len(p.NTPServers) > 0 {
		w.set("local_time.manual_ntp_srv_prior", "1")
	} else {
		w.set("local_time.manual_ntp_srv_prior", null)
	}
	z, known := vendorkit.ZoneOf(p.TimeZone)
	name, ok := zoneNames[p.TimeZone]
	switch {
	case !ok || !known:
		for _, k := range []string{"time_zone", "time_zone_name", "summer_time", "dst_time_type", "start_time", "end_time", "offset_time"} {
			w.set("local_time."+k, null)
		}
	case z.DST == nil:
		w.set("local_time.time_zone", zoneOffset(z.Offset))
		w.set("local_time.time_zone_name", name)
		w.set("local_time.summer_time", "0")
		for _, k := range []string{"dst_time_type", "start_time", "end_time", "offset_time"} {
			w.set("local_time."+k, null)
		}
	default:
		w.set("local_time.time_zone", zoneOffset(z.Offset))
		w.set("local_time.time_zone_name", name)
		w.set("local_time.summer_time", "1")
		w.set("local_time.dst_time_type", "1")
		w.set("local_time.start_time", dstChange(z.DST.Start))
		w.set("local_time.end_time", dstChange(z.DST.End))
		w.set("local_time.offset_time", strconv.Itoa(z.DST.Save))
	}
}

// writePasswords writes the web interface's admin and user accounts: the
// login name, then "<login name>:<password>". The admin account is named
// admin again, so the password reaches it even if someone renamed it.
func writePasswords(w *writer, p *switchboard.Profile) {
	w.set("static.security.user_name.admin", "admin")
	if p.AdminPassword != "" {
		w.set(passwordKey, "admin:"+p.AdminPassword)
	}
	user := webLogin(p.WebUser)
	w.set("static.security.user_name.user", user)
	if p.WebPassword != "" {
		w.set(passwordKey, user+":"+p.WebPassword)
	}
}

// webLogin is the login name of the web user: the profile's, unless the
// firmware cannot take it. "admin" and "var" name the firmware's other two
// accounts (the web password would replace the admin's), and a ':' or a
// blank would split "<name>:<password>" in the wrong place; the user
// account then keeps its factory name "user".
func webLogin(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || strings.EqualFold(name, "admin") || strings.EqualFold(name, "var") ||
		strings.ContainsFunc(name, func(r rune) bool { return r == ':' || unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "user"
	}
	return name
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

// set writes one key; an empty value is written as %NULL%.
func (w *writer) set(key, value string) {
	w.start()
	value = oneLine(value)
	if value == "" {
		value = null
	}
	w.b.WriteString(key + " = " + value + "\n")
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
