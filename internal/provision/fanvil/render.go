package fanvil

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportCodes = vendorkit.TransportCodes("0", "1", "3")

var cryptoCodes = vendorkit.SRTPCodes("0", "1", "2")

// languages are the phone's codes of the profile's languages.
var languages = map[string]string{"de": "de", "en": "en", "fr": "fr"}

// Render writes {mac}.cfg ("{mac}.cfg" without a MAC). Every SIP line and
// DSS key of the model is written, unused ones empty, so that what was
// removed in Switchboard is removed on the phone.
//
// Profile.FirmwareURL goes into Auto_Image_URL (srcImage), the image the
// phone installs when it provisions. Fanvil's other firmware check
// (<fwCheck> UpgradeServer1) names a server directory holding a per-model
// text file, not one file's URL, and is not used.
//
// The resync interval stays on the phone's own timer (FlashMode 2 every
// FlashInterval hours, counted from boot) with no random start: no Fanvil
// document seen offers one. Checked: Fanvil C56 User Manual 4.3.6
// "Maintenance > Auto Provision" (manualshive.com/en/manual/fanvil/c56
// /543890?page=39), Fanvil H2U User Manual, upgrade server "Update
// Interval" (manualshive.com/en/manual/fanvil/h2u/543962?page=31), wazo's
// base-new.tpl and Tancredi's fanvil-X5.tmpl, which spreads phones by
// computing a different Flash Interval per MAC on the server side, not
// with a setting of the phone.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	b := vendorkit.NewXML(m.Name)
	b.WriteString("<sysConf>\n    <Version>2.0000000000</Version>\n")
	renderLines(b, p, m)
	set := func(indent, name, value string) { b.Leaf(indent, name, "", value) }
	const in1, in2 = "        ", "            "
	// An empty section would read as a setting of its own: <phone> and
	// <web> are written only with something in them.
	_, known := vendorkit.ZoneOf(p.TimeZone)
	_, lang := languages[p.Language]
	phone := p.AdminPassword != "" || lang || known || len(p.NTPServers) > 0 || p.PhonebookURL != ""
	if phone {
		b.WriteString("    <phone>\n")
	}
	if p.AdminPassword != "" {
		set(in1, "MenuPassword", p.AdminPassword)
	}
	if l, ok := languages[p.Language]; ok {
		b.WriteString(in1 + "<display>\n")
		set(in2, "DefaultLanguage", l)
		b.WriteString(in1 + "</display>\n")
	}
	renderDate(b, p)
	if p.PhonebookURL != "" {
		b.WriteString(in1 + "<softkey>\n")
		set(in2, "DesktopSoftkey", desktopSoftkeys)
		b.WriteString(in1 + "</softkey>\n")
	}
	if phone {
		b.WriteString("    </phone>\n")
	}
	renderKeys(b, p, m)
	web := p.AdminPassword != "" || p.WebPassword != ""
	if web {
		b.WriteString("    <web>\n")
	}
	account := func(n int, name, password, level string) {
		fmt.Fprintf(b, "%s<account index=\"%d\">\n", in1, n)
		set(in2, "Name", name)
		set(in2, "Password", password)
		set(in2, "Level", level)
		b.WriteString(in1 + "</account>\n")
	}
	if p.AdminPassword != "" {
		account(1, "admin", p.AdminPassword, "10")
	}
	if p.WebPassword != "" {
		account(2, vendorkit.Or(p.WebUser, "guest"), p.WebPassword, "5")
	}
	if web {
		b.WriteString("    </web>\n")
	}
	if p.FirmwareURL != "" {
		b.WriteString("    <AUTOUPDATE_CONFIG_MODULE>\n")
		set(in1, "Download_Mode", "1")
		set(in1, "Auto_Image_URL", p.FirmwareURL)
		b.WriteString("    </AUTOUPDATE_CONFIG_MODULE>\n")
	}
	if u, err := url.Parse(p.ProvisioningURL); err == nil && u.Scheme == "https" && u.Host != "" {
		b.WriteString("    <ap>\n")
		// Without a common file the phone asks only for its own file, so
		// no request for a model file falls outside its key.
		set(in1, "DownloadCommonConf", "0")
		set(in1, "FlashServerIP", u.Host)
		set(in1, "FlashFileName", strings.TrimPrefix(u.Path, "/"))
		set(in1, "FlashProtocol", "5")
		if p.Resync > 0 {
			set(in1, "FlashMode", "2")
			set(in1, "FlashInterval", strconv.Itoa(resyncHours(p.Resync)))
		}
		b.WriteString("    </ap>\n")
	}
	b.WriteString("</sysConf>\n")
	return []switchboard.File{{Name: vendorkit.Or(p.MAC, "{mac}") + ".cfg", ContentType: vendorkit.XMLType, Body: b.Bytes()}}, nil
}

// resyncHours is the resync interval in whole hours, at least one and at
// most 30 days.
func resyncHours(d time.Duration) int {
	h := int((d + time.Hour - 1) / time.Hour)
	return min(max(h, 1), 720)
}

// renderLines writes every SIP line of the model; a line the profile does
// not use is emptied and not registered.
func renderLines(b *vendorkit.XMLWriter, p *switchboard.Profile, m switchboard.Model) {
	s := p.Server
	port := strconv.Itoa(s.ActivePort())
	set := func(name, value string) { b.Leaf("            ", name, "", value) }
	b.WriteString("    <sip>\n")
	for i := 0; i < m.Lines; i++ {
		fmt.Fprintf(b, "        <line index=\"%d\">\n", i+1)
		if i >= len(p.Lines) {
			for _, k := range []string{"PhoneNumber", "DisplayName", "RegisterAddr", "RegisterPort", "RegisterUser", "RegisterPswd"} {
				set(k, "")
			}
			set("EnableReg", "0")
			for _, k := range []string{"ProxyAddr", "ProxyPort", "MWINum"} {
				set(k, "")
			}
			b.WriteString("        </line>\n")
			continue
		}
		l := p.Lines[i]
		set("PhoneNumber", l.Username)
		set("DisplayName", l.DisplayName)
		set("RegisterAddr", s.Registrar)
		set("RegisterPort", port)
		set("RegisterUser", vendorkit.Or(l.AuthName, l.Username))
		set("RegisterPswd", l.Password)
		set("EnableReg", "1")
		proxy, proxyPort := "", ""
		if s.Proxy != "" {
			proxy, proxyPort = s.Proxy, port
		}
		set("ProxyAddr", proxy)
		set("ProxyPort", proxyPort)
		set("Transport", transportCodes[s.Transport])
		set("MediaCrypto", cryptoCodes[s.SRTP])
		set("MWINum", l.Voicemail)
		b.WriteString("        </line>\n")
	}
	b.WriteString("    </sip>\n")
}

// renderDate writes the time servers and the time zone with its daylight
// saving rule; a zone the table does not know is left to the phone.
func renderDate(b *vendorkit.XMLWriter, p *switchboard.Profile) {
	z, known := vendorkit.ZoneOf(p.TimeZone)
	if len(p.NTPServers) == 0 && !known {
		return
	}
	set := func(name, value string) { b.Leaf("            ", name, "", value) }
	b.WriteString("        <date>\n")
	if len(p.NTPServers) > 0 {
		set("EnableSNTP", "1")
		set("SNTPServer", p.NTPServers[0])
		second := ""
		if len(p.NTPServers) > 1 {
			second = p.NTPServers[1]
		}
		set("SecondSNTPServer", second)
	}
	if known {
		set("TimeZone", strconv.Itoa(z.Offset/15))
		if z.DST == nil {
			set("EnableDST", "0")
		} else {
			week := func(c vendorkit.Change) string {
				if c.Week == vendorkit.Last {
					return "-1"
				}
				return strconv.Itoa(c.Week)
			}
			r := z.DST
			set("EnableDST", "2")
			set("DSTFixedType", "2")
			set("DSTMinOffset", strconv.Itoa(r.Save))
			set("DSTStartMon", strconv.Itoa(int(r.Start.Month)))
			set("DSTStartWeek", week(r.Start))
			set("DSTStartWday", strconv.Itoa(int(r.Start.Weekday)))
			set("DSTStartHour", strconv.Itoa(r.Start.Hour))
			set("DSTEndMon", strconv.Itoa(int(r.End.Month)))
			set("DSTEndWeek", week(r.End))
			set("DSTEndWday", strconv.Itoa(int(r.End.Weekday)))
			set("DSTEndHour", strconv.Itoa(r.End.Hour))
		}
	}
	b.WriteString("        </date>\n")
}

// renderKeys writes every DSS key of the phone: the profile's keys, the
// others of type 0 (none) with empty value and title. A profile without
// keys shows its lines on the first keys, as the phone does from the
// factory.
func renderKeys(b *vendorkit.XMLWriter, p *switchboard.Profile, m switchboard.Model) {
	keys := map[int]switchboard.FunctionKey{}
	for _, k := range p.Keys {
		if k.Module == 0 {
			keys[k.Index] = k
		}
	}
	if len(p.Keys) == 0 {
		for i, l := range p.Lines {
			keys[i+1] = switchboard.FunctionKey{Index: i + 1, Type: switchboard.KeyLine, Value: strconv.Itoa(i + 1), Label: l.Label}
		}
	}
	set := func(name, value string) { b.Leaf("                ", name, "", value) }
	b.WriteString("    <dsskey>\n        <dssSide index=\"1\">\n")
	for i := 1; i <= m.LineKeys; i++ {
		typ, value, title := "0", "", ""
		if k, ok := keys[i]; ok {
			title = k.Label
			switch k.Type {
			case switchboard.KeyLine:
				typ, value = "2", "SIP"+vendorkit.Or(k.Value, "1")
			case switchboard.KeySpeedDial:
				typ, value = "1", k.Value+"@1/f"
			case switchboard.KeyBLF:
				typ, value = "1", k.Value+"@1/ba"
			}
		}
		fmt.Fprintf(b, "            <Fkey index=\"%d\">\n", i)
		set("Type", typ)
		set("Value", value)
		set("Title", title)
		b.WriteString("            </Fkey>\n")
	}
	b.WriteString("        </dssSide>\n")
	renderDirectoryKey(b, p)
	b.WriteString("    </dsskey>\n")
}
