package grandstream_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: grandstream.Family, MAC: "000b828aa872", FirmwareURL: "https://fw.example.net/grandstream/fw.bin",
	Golden: []vendortest.Case{{ID: "grandstream-grp2614", Lines: 1}, {ID: "grandstream-gxp2135", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{{
		Name: "keys", Model: "grandstream-grp2614", Lines: 1, Files: []string{"cfg000b828aa872.xml"},
		Want: map[string]string{"P23000": "Line", "P23005": "BLF", "P23008": "201", "P23007": "Ben", "P23010": "SpeedDial", "P23013": "*21#"},
	}},
	Identities: []vendortest.IdentifyCase{
		{UA: "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872", File: "", OK: true, Model: "grandstream-gxp2135", MAC: "000b828aa872"},
		{UA: "Grandstream Model HW GRP2614 SW 1.0.5.15 DevId c074ad0b63ee", File: "cfgc074ad0b63ee.xml", OK: true, Model: "grandstream-grp2614", MAC: "c074ad0b63ee"},
		{UA: "Grandstream Model HW GXP2200 V2.2A SW 1.0.1.33 DevId 000b82462d97", File: "cfg000b82462d98.xml", OK: true, MAC: "000b82462d98", Conflict: true},
		{UA: "", File: "cfg000b828aa872", OK: true, MAC: "000b828aa872"},
		{UA: "", File: "000b828aa872.xml", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <gs_provision>"},
		{Name: "other root", Body: "<settings/>", Want: "not <gs_provision>"},
		{Name: "twice", Body: "<gs_provision><config><P2>1</P2><P2>2</P2></config></gs_provision>", Want: "set twice"},
		{Name: "nested", Body: "<gs_provision><config><P2><x/></P2></config></gs_provision>", Want: "contains an element"},
	},
	ParseSeeds:    []string{"<gs_provision><config><P271>1</P271><P35>u</P35><P47>h:5060</P47></config></gs_provision>"},
	IdentifySeeds: [][2]string{{"Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872", "cfg000b828aa872.xml"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
