package gigaset_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/gigaset"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: gigaset.Family, MAC: "7c2f80e0d605", FirmwareURL: "https://fw.example.net/gigaset/n870.bin",
	Golden: []vendortest.Case{{ID: "gigaset-n670", Lines: 2}, {ID: "gigaset-n870", Lines: 3, TLS: true}},
	Values: []vendortest.ValuesCase{{
		Name: "handset mapping", Model: "gigaset-n670", Lines: 3,
		Change: func(p *switchboard.Profile) {
			p.Handsets = []switchboard.Handset{{Index: 2, Name: "Store", Lines: []int{3}}, {Index: 5, Name: "Desk", Lines: []int{1, 2}}}
		},
		Want: map[string]string{
			"SipAccount.00002.UserName": "u03sample", "SipAccount.00005.UserName": "u01sample",
			"add_hs.00002": "", "add_hs.00005.hs.RegStatus": "ToReg",
		},
		// Handset 1 is not attached; line 2 is no handset's first line.
		Absent: []string{"SipAccount.00001.UserName"},
		Hidden: []string{"Secret02Pass"},
	}},
	Identities: []vendortest.IdentifyCase{
		{UA: "Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", File: "", OK: true, Model: "gigaset-n870", MAC: "7c2f80e0d605"},
		{UA: "Gigaset N670 IP PRO/83.V2.49.1+build.abc;7C2F80E0D606", File: "7c2f80e0d606.xml", OK: true, Model: "gigaset-n670", MAC: "7c2f80e0d606"},
		{UA: "Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", File: "7c2f80e0d606.xml", OK: true, Model: "gigaset-n870", MAC: "7c2f80e0d606", Conflict: true},
		{UA: "", File: "589ec6000001.xml", OK: true, MAC: "589ec6000001"},
		{UA: "", File: "001565000001.xml", OK: false, MAC: "001565000001"},
		{UA: "Gigaset", File: "x.xml", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <provisioning>"},
		{Name: "other root", Body: `<settings/>`, Want: "not <provisioning>"},
		{Name: "twice", Body: `<provisioning><nvm><param name="a" value="1"/><param name="a" value="2"/></nvm></provisioning>`, Want: "set twice"},
		{Name: "nameless", Body: `<provisioning><param value="1"/></provisioning>`, Want: "no name"},
		{Name: "broken", Body: `<provisioning><param`, Want: "gigaset:"},
	},
	ParseSeeds:    []string{`<provisioning><nvm><oper name="add_hs" value="00001"><param name="x" value="y"/></oper></nvm></provisioning>`},
	IdentifySeeds: [][2]string{{"Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", "7c2f80e0d605.xml"}, {"\"Gigaset N", ";;;;"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
