package poly

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var transportNames = vendorkit.TransportCodes("UDPOnly", "TCPOnly", "TLS")

// languages are the lcl.ml.lang values (wazo-polycom's locale table in
// common/common.py).
var languages = map[string]string{"de": "German_Germany", "en": "English_United_States", "fr": "French_France"}

// element is one XML element whose attributes are settings.
type element struct {
	name  string
	attrs [][2]string
}

func (e *element) set(k, v string) { e.attrs = append(e.attrs, [2]string{k, v}) }

// Render writes the master file ({mac}.cfg), which points the phone at the
// per-device file, and the per-device file ({mac}-user.cfg) with every
// setting: every registration slot of the model (unused ones emptied),
// every line key position of the phone and its expansion modules (see
// renderKeys), the passwords, time server, time zone, language and polling
// interval. Names use the profile's MAC or "{mac}" without one.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	reg := &element{name: "reg"}
	msg := &element{name: "msg"}
	for i := 0; i < m.Lines; i++ {
		r := fmt.Sprintf("reg.%d.", i+1)
		if i >= len(p.Lines) {
			// A registration the profile no longer has is emptied, so
			// the phone stops registering it.
			for _, k := range []string{"address", "auth.userId", "auth.password", "displayName", "label", "server.1.address"} {
				reg.set(r+k, "")
			}
			msg.set(fmt.Sprintf("msg.mwi.%d.callBack", i+1), "")
			continue
		}
		l := p.Lines[i]
		reg.set(r+"address", l.Username+"@"+s.Domain)
		reg.set(r+"auth.userId", vendorkit.Or(l.AuthName, l.Username))
		reg.set(r+"auth.password", l.Password)
		reg.set(r+"displayName", l.DisplayName)
		reg.set(r+"label", vendorkit.Or(l.Label, l.DisplayName))
		reg.set(r+"server.1.address", s.Registrar)
		reg.set(r+"server.1.port", strconv.Itoa(s.ActivePort()))
		reg.set(r+"server.1.transport", transportNames[s.Transport])
		// Written even when empty, so a proxy set before is cleared.
		reg.set(r+"outboundProxy.address", s.Proxy)
		if s.Proxy != "" {
			reg.set(r+"outboundProxy.port", strconv.Itoa(s.ActivePort()))
			reg.set(r+"outboundProxy.transport", transportNames[s.Transport])
		}
		msg.set(fmt.Sprintf("msg.mwi.%d.callBack", i+1), l.Voicemail)
	}
	sec := &element{name: "sec"}
	switch s.SRTP {
	case switchboard.SRTPOff:
		sec.set("sec.srtp.enable", "0")
		sec.set("sec.srtp.offer", "0")
		sec.set("sec.srtp.require", "0")
	case switchboard.SRTPOptional:
		sec.set("sec.srtp.enable", "1")
		sec.set("sec.srtp.offer", "1")
		sec.set("sec.srtp.require", "0")
	default:
		sec.set("sec.srtp.enable", "1")
		sec.set("sec.srtp.offer", "1")
		sec.set("sec.srtp.require", "1")
	}
	att, lineKey := renderKeys(p, m)
	dev := &element{name: "device"}
	dev.set("device.set", "1")
	secret := func(key, v string) {
		if v != "" {
			dev.set(key, v)
			dev.set(key+".set", "1")
		}
	}
	secret("device.auth.localAdminPassword", p.AdminPassword)
	secret("device.auth.localUserPassword", p.WebPassword)
	secret("device.prov.serverName", p.ProvisioningURL)
	secret("device.prov.upgradeServer", p.FirmwareURL)
	lcl := &element{name: "lcl"}
	if lang, ok := languages[p.Language]; ok {
		lcl.set("lcl.ml.lang", lang)
	}
	prov := &element{name: "prov"}
	prov.set("prov.autoConfigUpload.enabled", "0")
	if days, ok := vendorkit.WholeDays(p.Resync); ok {
		// Whole days poll at a random time of the nightly window
		// (srcRandomPolling), so phones that booted together do not poll
		// together ever after.
		prov.set("prov.polling.enabled", "1")
		prov.set("prov.polling.mode", "random")
		prov.set("prov.polling.period", strconv.Itoa(days*86400))
		prov.set("prov.polling.time", vendorkit.WindowBegin)
		prov.set("prov.polling.timeRandomEnd", vendorkit.WindowEnd)
	} else if p.Resync > 0 {
		// A relative period counts from the last check; UC Software takes
		// no period shorter than an hour.
		prov.set("prov.polling.enabled", "1")
		prov.set("prov.polling.mode", "rel")
		prov.set("prov.polling.period", strconv.Itoa(max(minPolling, int(p.Resync/time.Second))))
	}
	sntp := &element{name: "tcpIpApp"}
	if len(p.NTPServers) > 0 {
		// UC Software keeps one SNTP server: the preferred one.
		sntp.set("tcpIpApp.sntp.address", p.NTPServers[0])
		sntp.set("tcpIpApp.sntp.address.overrideDHCP", "1")
	}
	sntp.attrs = append(sntp.attrs, timeSettings(p.TimeZone)...)

	user := vendorkit.NewXML(m.Name)
	user.WriteString("<polycomConfig>\n")
	for _, e := range []*element{reg, msg, sec, att, lineKey, dev, lcl, prov, sntp} {
		if len(e.attrs) > 0 {
			writeElement(user, e)
		}
	}
	user.WriteString("</polycomConfig>\n")

	// APP_FILE_PATH names the application image the phone runs: the
	// pinned firmware's URL (the master file takes a URL with its own
	// protocol as well as a path on the provisioning server, srcAppURL),
	// else the default sip.ld, which Switchboard does not serve
	// (otherFiles).
	app := "sip.ld"
	if p.FirmwareURL != "" {
		app = p.FirmwareURL
	}
	var master vendorkit.XMLWriter
	master.WriteString(xml.Header)
	writeElement(&master, &element{name: "APPLICATION", attrs: [][2]string{
		{"APP_FILE_PATH", app}, {"CONFIG_FILES", "[PHONE_MAC_ADDRESS]-user.cfg"},
	}})
	mac := vendorkit.Or(p.MAC, "{mac}")
	return []switchboard.File{
		{Name: mac + ".cfg", ContentType: vendorkit.XMLType, Body: master.Bytes()},
		{Name: mac + "-user.cfg", ContentType: vendorkit.XMLType, Body: user.Bytes()},
	}, nil
}

// writeElement writes an element with one attribute a line.
func writeElement(w *vendorkit.XMLWriter, e *element) {
	w.WriteString("  <" + e.name)
	for _, a := range e.attrs {
		w.WriteString("\n   " + vendorkit.Attr(a[0], a[1]))
	}
	w.WriteString("/>\n")
}
