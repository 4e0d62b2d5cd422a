package cisco_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/cisco"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: cisco.Family, MAC: "00562b043615", FirmwareURL: "https://fw.example.net/cisco/sip88xx.loads",
	Golden: []vendortest.Case{{ID: "cisco-cp-8841", Lines: 2}, {ID: "cisco-cp-7821", Lines: 1, TLS: true}, {ID: "cisco-cp-6851", Lines: 4}},
	Identities: []vendortest.IdentifyCase{
		{UA: "Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", File: "", OK: true, Model: "cisco-cp-8841", MAC: "00562b043615"},
		{UA: "Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", File: "", OK: true, MAC: "0002fdff2103"},
		{UA: "Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", File: "spa0002fdff2104.xml", OK: true, MAC: "0002fdff2104", Conflict: true},
		{UA: "", File: "00562b043615.xml", OK: false, MAC: "00562b043615"},
		{UA: "Cisco", File: "", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <flat-profile>"},
		{Name: "other root", Body: "<settings/>", Want: "not <flat-profile>"},
		{Name: "twice", Body: "<flat-profile><A>1</A><A>2</A></flat-profile>", Want: "set twice"},
		{Name: "nested", Body: "<flat-profile><A><B/></A></flat-profile>", Want: "contains an element"},
	},
	ParseSeeds:    []string{"<flat-profile><Line_Enable_1_>Yes</Line_Enable_1_><User_ID_1_>a</User_ID_1_><Proxy_1_>h:5060</Proxy_1_></flat-profile>"},
	IdentifySeeds: [][2]string{{"Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "00562b043615.xml"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
