package cisco_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/cisco"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{Family: cisco.Family, MAC: "00562b043615", FirmwareURL: "https://fw.example.net/cisco/sip88xx.loads"}

func TestRenderGolden(t *testing.T) {
	kit.CheckGolden(t, vendortest.Case{ID: "cisco-cp-8841", Lines: 2}, vendortest.Case{ID: "cisco-cp-7821", Lines: 1, TLS: true}, vendortest.Case{ID: "cisco-cp-6851", Lines: 4})
}

func TestIdentify(t *testing.T) {
	kit.CheckIdentify(t, []vendortest.IdentifyCase{
		{UA: "Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", File: "", OK: true, Want: switchboard.Identity{Vendor: "cisco", Model: "cisco-cp-8841", MAC: "00562b043615"}},
		{UA: "Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", File: "", OK: true, Want: switchboard.Identity{Vendor: "cisco", MAC: "0002fdff2103"}},
		{UA: "Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", File: "spa0002fdff2104.xml", OK: true, Want: switchboard.Identity{Vendor: "cisco", MAC: "0002fdff2104", Conflict: true}},
		{UA: "", File: "00562b043615.xml", OK: false, Want: switchboard.Identity{Vendor: "cisco", MAC: "00562b043615"}},
		{UA: "Cisco", File: "", OK: false, Want: switchboard.Identity{Vendor: "cisco"}},
	})
}

func FuzzParse(f *testing.F) {
	kit.FuzzParse(f, "cisco-cp-8841",
		"<flat-profile><Line_Enable_1_>Yes</Line_Enable_1_><User_ID_1_>a</User_ID_1_><Proxy_1_>h:5060</Proxy_1_></flat-profile>",
	)
}

func FuzzIdentify(f *testing.F) {
	kit.FuzzIdentify(f, [][2]string{
		{"Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "00562b043615.xml"},
		{"\xff\x00", "../../cfg.xml"},
	})
}

func TestParse(t *testing.T) {
	kit.CheckParseErrors(t, []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <flat-profile>"},
		{Name: "other root", Body: "<settings/>", Want: "not <flat-profile>"},
		{Name: "twice", Body: "<flat-profile><A>1</A><A>2</A></flat-profile>", Want: "set twice"},
		{Name: "nested", Body: "<flat-profile><A><B/></A></flat-profile>", Want: "contains an element"},
	})
}
