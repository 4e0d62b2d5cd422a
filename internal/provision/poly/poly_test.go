package poly_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/poly"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

// kit has no golden cases of its own: TestRenderGolden renders Poly's
// with keys of its own.
var kit = vendortest.Vendor{
	Family: poly.Family, MAC: "0004f2a1b2c3", FirmwareURL: "https://fw.example.net/poly/sip.ld",
	Identities: []vendortest.IdentifyCase{
		{UA: "FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", File: "0004f2a1b2c3-user.cfg", OK: true, Model: "poly-vvx450", MAC: "0004f2a1b2c3"},
		{UA: "FileTransport PolyEdge-Edge_E450-UA/8.0.0.15602 Type/Application", File: "", OK: true, Model: "poly-edge-e450"},
		{UA: "FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application", File: "", OK: true},
		{UA: "FileTransport PolycomSoundPointIP-SPIP_335-UA/3.2.1.0078", File: "", OK: true},
		{UA: "", File: "0004F2A1B2C3.cfg", OK: true, MAC: "0004f2a1b2c3"},
		{UA: "", File: "001565bd56d4.cfg", OK: false, MAC: "001565bd56d4"},
		{UA: "", File: "000000000000.cfg", OK: false},
		{UA: "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", File: "", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no XML element"},
		{Name: "not xml", Body: "reg.1.address=1", Want: "no XML element"},
		{Name: "broken", Body: "<a x=\"1\"", Want: "poly:"},
		{Name: "twice", Body: `<a x="1"/><b x="2"/>`, Want: "set twice"},
	},
	ParseSeeds: []string{
		`<polycomConfig><reg reg.1.address="a@b" reg.1.server.1.port="5060" reg.1.server.1.transport="TLS"/></polycomConfig>`,
		"<!DOCTYPE x [<!ENTITY a \"b\">]><x y=\"&a;\"/>",
	},
	IdentifySeeds: [][2]string{{"FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", "0004f2a1b2c3-user.cfg"}, {"FileTransport Poly", "../0004f2a1b2c3.cfg"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }

func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		id    string
		lines int
		tls   bool
	}{
		{"poly-vvx450", 2, false}, {"poly-edge-e450", 1, true},
	} {
		m := kit.Model(t, tc.id)
		p := kit.Sample(m, tc.lines)
		p.Keys = []switchboard.FunctionKey{
			{Module: 1, Index: 3, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
			{Module: 0, Index: 2, Type: switchboard.KeyBLF, Value: "201", Label: "Ben & Co"},
		}
		if m.Modules == 0 {
			p.Keys = p.Keys[1:]
		}
		if tc.tls {
			p.Server.Encrypt()
			p.Server.Proxy = "proxy.example.net"
		}
		files, merged := kit.Check(t, tc.id, p, m)
		if merged["CONFIG_FILES"] != "[PHONE_MAC_ADDRESS]-user.cfg" || files[1].Name != "0004f2a1b2c3-user.cfg" {
			t.Errorf("%s: the master file does not point at the device file", tc.id)
		}
		if merged["attendant.resourceList.1.label"] != "Ben & Co" {
			t.Errorf("%s: keys are not in key order or the label lost its escaping: %q", tc.id, merged["attendant.resourceList.1.label"])
		}
	}
}
