package fanvil_test

import (
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: fanvil.Family, MAC: "0c383e07e16c", FirmwareURL: "https://fw.example.net/fanvil/x4u.z",
	Golden: []vendortest.Case{{ID: "fanvil-x4u", Lines: 2}, {ID: "fanvil-x6u", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{{Name: "provisioning URL split", Model: "fanvil-x4u", Lines: 1, Want: map[string]string{
		"ap.FlashServerIP": "prov.example.net:8448", "ap.FlashFileName": "81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg", "ap.FlashProtocol": "5",
	}}},
	Identities: []vendortest.IdentifyCase{
		{UA: "Fanvil X4U 2.10.2.6887 0c383e07e16c", File: "", OK: true, Model: "fanvil-x4u", MAC: "0c383e07e16c"},
		{UA: "Fanvil X4 2.10.2.6887 0c383e07e16c", File: "0c383e07e16c.cfg", OK: true, MAC: "0c383e07e16c"},
		{UA: "Fanvil X4 2.10.2.6887 0c383e07e16c", File: "0c383e07e16d.cfg", OK: true, MAC: "0c383e07e16d", Conflict: true},
		{UA: "", File: "00a8590000ff.cfg", OK: true, MAC: "00a8590000ff"},
		{UA: "", File: "001565000001.cfg", OK: false, MAC: "001565000001"},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <sysConf>"},
		{Name: "no setting", Body: "<sysConf/>", Want: "no setting"},
		{Name: "other root", Body: "<settings/>", Want: "not <sysConf>"},
		{Name: "twice", Body: "<sysConf><a>1</a><a>2</a></sysConf>", Want: "set twice"},
		{Name: "deep", Body: "<sysConf>" + strings.Repeat("<a>", 20) + strings.Repeat("</a>", 20) + "</sysConf>", Want: "too deep"},
	},
	ParseSeeds:    []string{"<sysConf><sip><line index=\"1\"><PhoneNumber>a</PhoneNumber><EnableReg>1</EnableReg></line></sip></sysConf>"},
	IdentifySeeds: [][2]string{{"Fanvil X4U 2.10.2.6887 0c383e07e16c", "0c383e07e16c.cfg"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
