package audiocodes_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/audiocodes"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: audiocodes.Family, MAC: "00908f602aac", FirmwareURL: "https://fw.example.net/audiocodes/mp11x.cmp",
	Golden: []vendortest.Case{{ID: "audiocodes-mp-114", Lines: 4}, {ID: "audiocodes-mp-112", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{
		{
			Name: "values cannot break the format", Model: "audiocodes-mp-112", Lines: 1,
			Change: func(p *switchboard.Profile) { p.Lines[0].DisplayName = "Fax \"Sales\", 2nd;\nIsRegisterNeeded = 0" },
			Want:   map[string]string{"IsRegisterNeeded": "1", "CallerDisplayInfo_DisplayString[0]": "Fax Sales 2nd IsRegisterNeeded = 0"},
		},
		{Name: "time servers, UTC offset in seconds, resync in minutes", Model: "audiocodes-mp-114", Lines: 1, Want: map[string]string{
			"NTPServerIP": "ntp1.example.net", "NTPSecondaryServerIP": "192.0.2.123", "NTPServerUTCOffset": "3600", "AutoUpdateFrequency": "1440",
		}},
		// Summer time is documented only as the dates of one year, so a
		// zone with summer time gets its standard offset and the adapter
		// keeps its own summer time setting.
		{Name: "summer time is left to the adapter", Model: "audiocodes-mp-114", Lines: 1,
			Absent: []string{"DayLightSavingTimeEnable", "DayLightSavingTimeStart", "DayLightSavingTimeEnd", "DayLightSavingTimeOffset"}},
		{Name: "zone without summer time, one time server, resync every 90 minutes", Model: "audiocodes-mp-114", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.TimeZone, p.NTPServers, p.Resync = "Europe/Moscow", []string{"pool.example.org"}, 90*time.Minute
			},
			Want: map[string]string{"NTPServerUTCOffset": "10800", "NTPServerIP": "pool.example.org", "NTPSecondaryServerIP": "", "AutoUpdateFrequency": "90"}},
		{Name: "North America", Model: "audiocodes-mp-114", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone = "America/St_Johns" },
			Want:   map[string]string{"NTPServerUTCOffset": "-12600"}},
		{Name: "a zone the table lacks is left to the adapter, as is the resync", Model: "audiocodes-mp-114", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone, p.Resync = "Asia/Tokyo", 0 },
			Absent: []string{"NTPServerUTCOffset", "AutoUpdateFrequency"}},
		{Name: "admin and web user in the Web Users table", Model: "audiocodes-mp-114", Lines: 1, Want: map[string]string{
			"WebUsers_Username[0]": "Admin", "WebUsers_Password[0]": "1234567890123456789", "WebUsers_UserLevel[0]": "200", "WebUsers_Status[0]": "1",
			"WebUsers_Username[1]": "anna", "WebUsers_Password[1]": "48151623", "WebUsers_UserLevel[1]": "50",
			"Authentication_UserPassword[0]": "Secret01Pass",
		}},
		{Name: "a generated password is cut to the 19 characters the firmware takes", Model: "audiocodes-mp-114", Lines: 1,
			Change: func(p *switchboard.Profile) { p.AdminPassword = "1234567890123456789012345678901234567890" },
			Want:   map[string]string{"WebUsers_Password[0]": "1234567890123456789"}},
		{Name: "removed ports are reset", Model: "audiocodes-mp-114", Lines: 1, Want: map[string]string{
			"Authentication_UserId[1]": "", "Authentication_UserPassword[1]": "", "Authentication_Port[3]": "4",
			"CallerDisplayInfo_DisplayString[3]": "", "TrunkGroup_FirstPhoneNumber[0]": "u01sample",
		}, Absent: []string{"TrunkGroup_FirstPhoneNumber[1]", "Authentication_Port[4]"}},
	},
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
		"[SYSTEM Params]\nNTPServerUTCOffset = 3600\n[ WebUsers ]\nFORMAT WebUsers_Index = WebUsers_Username, WebUsers_Password;\nWebUsers 0 = \"Admin\", \"\";\n[ \\WebUsers ]\n",
		"[SIP Params]\nIsRegisterNeeded = 1\nRegistrarIP = 'h:5060'\n[ TrunkGroup ]\nFORMAT TrunkGroup_Index = TrunkGroup_FirstPhoneNumber;\nTrunkGroup 0 = \"1\";\n[ \\TrunkGroup ]\n",
	},
	IdentifySeeds: [][2]string{{"AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", "00908f602aac.ini"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }

func TestRefusesAccountsTheFormatCannotCarry(t *testing.T) {
	m := kit.Model(t, "audiocodes-mp-112")
	p := kit.Sample(m, 1)
	p.Lines[0].Password = "pa,ss"
	if _, err := audiocodes.Render(p, m); err == nil || !strings.Contains(err.Error(), "cannot carry") {
		t.Errorf("a password with a comma: %v", err)
	}
	for _, c := range []struct {
		change func(p *switchboard.Profile)
		want   string
	}{
		{func(p *switchboard.Profile) { p.WebPassword = "12,34" }, "cannot carry"},
		{func(p *switchboard.Profile) { p.WebUser = "anna muster" }, "web user name"},
	} {
		p := kit.Sample(m, 1)
		c.change(p)
		if _, err := audiocodes.Render(p, m); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error containing %q", err, c.want)
		}
	}
}

func TestWebPasswordsFitTheFirmware(t *testing.T) {
	for _, m := range audiocodes.Models() {
		if m.MaxPassword != 19 {
			t.Errorf("%s takes web passwords of %d characters, the manual says 19", m.ID, m.MaxPassword)
		}
	}
}
