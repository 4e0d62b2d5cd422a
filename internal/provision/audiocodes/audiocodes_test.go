package audiocodes_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/audiocodes"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: audiocodes.Family, MAC: "00908f602aac", FirmwareURL: "https://fw.example.net/audiocodes/mp11x.cmp",
	Golden: []vendortest.Case{{ID: "audiocodes-mp-114", Lines: 4}, {ID: "audiocodes-mp-112", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{{
		Name: "values cannot break the format", Model: "audiocodes-mp-112", Lines: 1,
		Change: func(p *switchboard.Profile) { p.Lines[0].DisplayName = "Fax \"Sales\", 2nd;\nIsRegisterNeeded = 0" },
		Want:   map[string]string{"IsRegisterNeeded": "1", "CallerDisplayInfo_DisplayString[0]": "Fax Sales 2nd IsRegisterNeeded = 0"},
	}},
	Identities: []vendortest.IdentifyCase{
		{UA: "AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", File: "", OK: true, Model: "audiocodes-mp-114"},
		{UA: "", File: "00908F602AAC.ini", OK: true, MAC: "00908f602aac"},
		{UA: "", File: "001565602aac.ini", OK: false, MAC: "001565602aac"},
		{UA: "AUDC-IPPhone/2.2.8.61 (440HDG-Rev0; 00908F602AAC)", File: "", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no parameter"},
		{Name: "twice", Body: "A = 1\nA = 2\n", Want: "set twice"},
		{Name: "no equals", Body: "A\n", Want: "not name = value"},
		{Name: "row without format", Body: "[ T ]\nT 0 = 1;\n", Want: "not a row"},
		{Name: "row of another table", Body: "[ T ]\nFORMAT T_Index = T_A;\nU 0 = 1;\n", Want: "not a row"},
		{Name: "too few cells", Body: "[ T ]\nFORMAT T_Index = T_A, T_B;\nT 0 = 1;\n", Want: "2 columns"},
		{Name: "bad index", Body: "[ T ]\nFORMAT T_Index = T_A;\nT x = 1;\n", Want: "row index"},
	},
	ParseSeeds: []string{
		"[SIP Params]\nIsRegisterNeeded = 1\nRegistrarIP = 'h:5060'\n[ TrunkGroup ]\nFORMAT TrunkGroup_Index = TrunkGroup_FirstPhoneNumber;\nTrunkGroup 0 = \"1\";\n[ \\TrunkGroup ]\n",
	},
	IdentifySeeds: [][2]string{{"AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", "00908f602aac.ini"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }

func TestRefusesAccountsTheFormatCannotCarry(t *testing.T) {
	m := kit.Model(t, "audiocodes-mp-112")
	p := kit.Sample(m, 1)
	p.Lines[0].Password = "pa,ss"
	if _, err := audiocodes.Render(p, m); err == nil || !strings.Contains(err.Error(), "cannot carry") {
		t.Errorf("a password with a comma: %v", err)
	}
}
