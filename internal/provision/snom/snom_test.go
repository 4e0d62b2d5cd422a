package snom_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/snom"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

// ua is a D785's User-Agent (vendors.md §3).
const ua = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)"

var kit = vendortest.Vendor{
	Family: snom.Family, MAC: "00041396d9b4", FirmwareURL: "https://fw.example.net/snom/d785.bin",
	Golden: []vendortest.Case{{ID: "snom-d785", Lines: 2}, {ID: "snom-d735", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{{
		Name: "function keys", Model: "snom-d785", Lines: 1, Files: []string{"snomD785-00041396D9B4.htm", "snomD785.htm"},
		Want: map[string]string{
			"fkey[0]": "line", "fkey[0].context": "1", "fkey[1]": "blf sip:201@acme.sip.example", "fkey[2]": "speed *21#",
			"fkey[24]": "dest sip:202@acme.sip.example", "fkey[25].label": "Sales",
		},
	}},
	Identities: []vendortest.IdentifyCase{
		{UA: ua, File: "", OK: true, Model: "snom-d785", MAC: "00041396d9b4"},
		{UA: ua, File: "snomD785-00041396D9B4.htm", OK: true, Model: "snom-d785", MAC: "00041396d9b4"},
		{UA: ua, File: "snomD785-000413000001.htm", OK: true, Model: "snom-d785", MAC: "000413000001", Conflict: true},
		{UA: "snom320-SIP 8.4.18 1.1.3-s", File: "", OK: true},
		{UA: "", File: "snomD735.htm", OK: true, Model: "snom-d735"},
		{UA: "", File: "000413A11FA7.xml", OK: true, MAC: "000413a11fa7"},
		{UA: "", File: "001565A11FA7.xml", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <settings>"},
		{Name: "other root", Body: "<provisioning/>", Want: "not <settings>"},
		{Name: "twice", Body: `<settings><phone-settings><a>1</a><a>2</a></phone-settings></settings>`, Want: "set twice"},
		{Name: "nested", Body: `<settings><phone-settings><a><b>1</b></a></phone-settings></settings>`, Want: "contains an element"},
	},
	ParseSeeds:    []string{`<settings><phone-settings><user_name idx="1" perm="R">a</user_name></phone-settings></settings>`},
	IdentifySeeds: [][2]string{{ua, "snomD785-00041396D9B4.htm"}, {"snom-SIP", "snom.htm"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
