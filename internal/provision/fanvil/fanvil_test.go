package fanvil_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{Family: fanvil.Family, MAC: "0c383e07e16c", FirmwareURL: "https://fw.example.net/fanvil/x4u.z"}

func TestRenderGolden(t *testing.T) {
	kit.CheckGolden(t, vendortest.Case{ID: "fanvil-x4u", Lines: 2}, vendortest.Case{ID: "fanvil-x6u", Lines: 1, TLS: true})
}

func TestIdentify(t *testing.T) {
	kit.CheckIdentify(t, []vendortest.IdentifyCase{
		{UA: "Fanvil X4U 2.10.2.6887 0c383e07e16c", File: "", OK: true, Want: switchboard.Identity{Vendor: "fanvil", Model: "fanvil-x4u", MAC: "0c383e07e16c"}},
		{UA: "Fanvil X4 2.10.2.6887 0c383e07e16c", File: "0c383e07e16c.cfg", OK: true, Want: switchboard.Identity{Vendor: "fanvil", MAC: "0c383e07e16c"}},
		{UA: "Fanvil X4 2.10.2.6887 0c383e07e16c", File: "0c383e07e16d.cfg", OK: true, Want: switchboard.Identity{Vendor: "fanvil", MAC: "0c383e07e16d", Conflict: true}},
		{UA: "", File: "00a8590000ff.cfg", OK: true, Want: switchboard.Identity{Vendor: "fanvil", MAC: "00a8590000ff"}},
		{UA: "", File: "001565000001.cfg", OK: false, Want: switchboard.Identity{Vendor: "fanvil", MAC: "001565000001"}},
	})
}

func FuzzParse(f *testing.F) {
	kit.FuzzParse(f, "fanvil-x4u",
		"<sysConf><sip><line index=\"1\"><PhoneNumber>a</PhoneNumber><EnableReg>1</EnableReg></line></sip></sysConf>",
	)
}

func FuzzIdentify(f *testing.F) {
	kit.FuzzIdentify(f, [][2]string{
		{"Fanvil X4U 2.10.2.6887 0c383e07e16c", "0c383e07e16c.cfg"},
		{"\xff\x00", "../../cfg.xml"},
	})
}

func TestParse(t *testing.T) {
	kit.CheckParseErrors(t, []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <sysConf>"},
		{Name: "no setting", Body: "<sysConf/>", Want: "no setting"},
		{Name: "other root", Body: "<settings/>", Want: "not <sysConf>"},
		{Name: "twice", Body: "<sysConf><a>1</a><a>2</a></sysConf>", Want: "set twice"},
		{Name: "deep", Body: "<sysConf>" + strings.Repeat("<a>", 20) + strings.Repeat("</a>", 20) + "</sysConf>", Want: "too deep"},
	})
}

func TestProvisioningURLSplit(t *testing.T) {
	m := kit.Model(t, "fanvil-x4u")
	files, err := fanvil.Render(kit.Sample(m, 1), m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := fanvil.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	if parsed["ap.FlashServerIP"] != "prov.example.net:8448" || parsed["ap.FlashFileName"] != "81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg" || parsed["ap.FlashProtocol"] != "5" {
		t.Errorf("provisioning block %q %q %q", parsed["ap.FlashServerIP"], parsed["ap.FlashFileName"], parsed["ap.FlashProtocol"])
	}
}
