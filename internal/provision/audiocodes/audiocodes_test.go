package audiocodes_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/audiocodes"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{Family: audiocodes.Family, MAC: "00908f602aac", FirmwareURL: "https://fw.example.net/audiocodes/mp11x.cmp"}

func TestRenderGolden(t *testing.T) {
	kit.CheckGolden(t, vendortest.Case{ID: "audiocodes-mp-114", Lines: 4}, vendortest.Case{ID: "audiocodes-mp-112", Lines: 1, TLS: true})
}

func TestIdentify(t *testing.T) {
	kit.CheckIdentify(t, []vendortest.IdentifyCase{
		{UA: "AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", File: "", OK: true, Want: switchboard.Identity{Vendor: "audiocodes", Model: "audiocodes-mp-114"}},
		{UA: "", File: "00908F602AAC.ini", OK: true, Want: switchboard.Identity{Vendor: "audiocodes", MAC: "00908f602aac"}},
		{UA: "", File: "001565602aac.ini", OK: false, Want: switchboard.Identity{Vendor: "audiocodes", MAC: "001565602aac"}},
		{UA: "AUDC-IPPhone/2.2.8.61 (440HDG-Rev0; 00908F602AAC)", File: "", OK: false, Want: switchboard.Identity{Vendor: "audiocodes"}},
	})
}

func FuzzParse(f *testing.F) {
	kit.FuzzParse(f, "audiocodes-mp-114",
		"[SIP Params]\nIsRegisterNeeded = 1\nRegistrarIP = 'h:5060'\n[ TrunkGroup ]\nFORMAT TrunkGroup_Index = TrunkGroup_FirstPhoneNumber;\nTrunkGroup 0 = \"1\";\n[ \\TrunkGroup ]\n",
	)
}

func FuzzIdentify(f *testing.F) {
	kit.FuzzIdentify(f, [][2]string{
		{"AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", "00908f602aac.ini"},
		{"\xff\x00", "../../cfg.xml"},
	})
}

func TestParse(t *testing.T) {
	kit.CheckParseErrors(t, []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no parameter"},
		{Name: "twice", Body: "A = 1\nA = 2\n", Want: "set twice"},
		{Name: "no equals", Body: "A\n", Want: "not name = value"},
		{Name: "row without format", Body: "[ T ]\nT 0 = 1;\n", Want: "not a row"},
		{Name: "row of another table", Body: "[ T ]\nFORMAT T_Index = T_A;\nU 0 = 1;\n", Want: "not a row"},
		{Name: "too few cells", Body: "[ T ]\nFORMAT T_Index = T_A, T_B;\nT 0 = 1;\n", Want: "2 columns"},
		{Name: "bad index", Body: "[ T ]\nFORMAT T_Index = T_A;\nT x = 1;\n", Want: "row index"},
	})
}

func TestValuesCannotBreakTheFormat(t *testing.T) {
	m := kit.Model(t, "audiocodes-mp-112")
	p := kit.Sample(m, 1)
	p.Lines[0].DisplayName = "Fax \"Sales\", 2nd;\nIsRegisterNeeded = 0"
	files, err := audiocodes.Render(p, m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := audiocodes.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	if parsed["IsRegisterNeeded"] != "1" || parsed["CallerDisplayInfo_DisplayString[0]"] != "Fax Sales 2nd IsRegisterNeeded = 0" {
		t.Errorf("display name leaked into the format: %q, register %q", parsed["CallerDisplayInfo_DisplayString[0]"], parsed["IsRegisterNeeded"])
	}
}

func TestRefusesAccountsTheFormatCannotCarry(t *testing.T) {
	m := kit.Model(t, "audiocodes-mp-112")
	p := kit.Sample(m, 1)
	p.Lines[0].Password = "pa,ss"
	if _, err := audiocodes.Render(p, m); err == nil || !strings.Contains(err.Error(), "cannot carry") {
		t.Errorf("a password with a comma: %v", err)
	}
}
