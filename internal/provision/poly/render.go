package poly

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strconv"

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
// setting. Names use the profile's MAC or "{mac}" without one.
func Render(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error) {
	if err := vendorkit.Check(Vendor, p, m); err != nil {
		return nil, err
	}
	s := p.Server
	reg := &element{name: "reg"}
	msg := &element{name: "msg"}
	for i, l := range p.Lines {
		r := fmt.Sprintf("reg.%d.", i+1)
		reg.set(r+"address", l.Username+"@"+s.Domain)
		reg.set(r+"auth.userId", vendorkit.Or(l.AuthName, l.Username))
		reg.set(r+"auth.password", l.Password)
		reg.set(r+"displayName", l.DisplayName)
		reg.set(r+"label", vendorkit.Or(l.Label, l.DisplayName))
		reg.set(r+"server.1.address", s.Registrar)
		reg.set(r+"server.1.port", strconv.Itoa(s.ActivePort()))
		reg.set(r+"server.1.transport", transportNames[s.Transport])
		if s.Proxy != "" {
			reg.set(r+"outboundProxy.address", s.Proxy)
			reg.set(r+"outboundProxy.port", strconv.Itoa(s.ActivePort()))
			reg.set(r+"outboundProxy.transport", transportNames[s.Transport])
		}
		if l.Voicemail != "" {
			msg.set(fmt.Sprintf("msg.mwi.%d.callBack", i+1), l.Voicemail)
		}
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
	att := &element{name: "attendant"}
	keys := append([]switchboard.FunctionKey(nil), p.Keys...)
	sort.SliceStable(keys, func(i, j int) bool {
		return keys[i].Module < keys[j].Module || keys[i].Module == keys[j].Module && keys[i].Index < keys[j].Index
	})
	for i, k := range keys {
		a := fmt.Sprintf("attendant.resourceList.%d.", i+1)
		att.set(a+"address", k.Value)
		att.set(a+"label", k.Label)
		att.set(a+"type", "normal")
	}
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

	user := vendorkit.NewXML(m.Name)
	user.WriteString("<polycomConfig>\n")
	for _, e := range []*element{reg, msg, sec, att, dev, lcl, prov} {
		if len(e.attrs) > 0 {
			writeElement(user, e)
		}
	}
	user.WriteString("</polycomConfig>\n")

	var master vendorkit.XMLWriter
	master.WriteString(xml.Header)
	writeElement(&master, &element{name: "APPLICATION", attrs: [][2]string{
		{"APP_FILE_PATH", "sip.ld"}, {"CONFIG_FILES", "[PHONE_MAC_ADDRESS]-user.cfg"},
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
