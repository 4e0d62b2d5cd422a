package cisco_test

import (
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"

	"github.com/switchboard-pbx/switchboard/internal/provision/cisco"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: cisco.Family, MAC: "00562b043615", FirmwareURL: "https://fw.example.net/cisco/sip88xx.loads",
	PhonebookRules: vendortest.PhonebookRules{Root: "CiscoIPPhoneDirectory", Elements: []string{"Title", "Prompt", "DirectoryEntry", "Name", "Telephone"}, Name: "Name"},
	Golden:         []vendortest.Case{{ID: "cisco-cp-8841", Lines: 2}, {ID: "cisco-cp-7821", Lines: 1, TLS: true}, {ID: "cisco-cp-6851", Lines: 4}},
	Values: []vendortest.ValuesCase{
		{Name: "time, language and resync in Cisco's encoding", Model: "cisco-cp-8841", Lines: 1, Want: map[string]string{
			"Primary_NTP_Server": "ntp1.example.net", "Secondary_NTP_Server": "192.0.2.123",
			"Time_Zone": "GMT+01:00", "Daylight_Saving_Time_Enable": "Yes",
			"Daylight_Saving_Time_Rule": "start=3/-1/7/2:0:0;end=10/-1/7/3:0:0;save=1",
			"Language_Selection":        "German", "Locale": "de-DE",
			"Resync_Periodic": "86400+3600", "Resync_On_Reset": "Yes", "Resync_From_SIP": "Yes",
		}},
		{Name: "zone without summer time, one time server, English", Model: "cisco-cp-8841", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.TimeZone, p.Language, p.NTPServers, p.Resync = "Europe/Moscow", "en", []string{"pool.example.org"}, 90*time.Minute
			},
			Want: map[string]string{
				"Time_Zone": "GMT+03:00", "Daylight_Saving_Time_Enable": "No", "Primary_NTP_Server": "pool.example.org",
				"Secondary_NTP_Server": "", "Language_Selection": "English-US", "Locale": "en-US", "Resync_Periodic": "5400+540",
			},
			Absent: []string{"Daylight_Saving_Time_Rule"}},
		{Name: "North American zones", Model: "cisco-cp-8841", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone = "America/St_Johns" },
			Want:   map[string]string{"Time_Zone": "GMT-03:30", "Daylight_Saving_Time_Rule": "start=3/8/7/2:0:0;end=11/1/7/2:0:0;save=1"}},
		{Name: "UTC itself is GMT", Model: "cisco-cp-8841", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone = "Europe/London" },
			Want:   map[string]string{"Time_Zone": "GMT", "Daylight_Saving_Time_Rule": "start=3/-1/7/1:0:0;end=10/-1/7/2:0:0;save=1"}},
		{Name: "a zone the table lacks is left to the phone", Model: "cisco-cp-8841", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone, p.Resync = "Asia/Tokyo", 0 },
			Absent: []string{"Time_Zone", "Daylight_Saving_Time_Enable", "Daylight_Saving_Time_Rule", "Resync_Periodic"}},
		{Name: "admin and user password in their own keys", Model: "cisco-cp-8841", Lines: 1, Want: map[string]string{
			"Admin_Password": "1234567890123456789012345678901234567890", "User_Password": "48151623", "Password_1_": "Secret01Pass",
		}},
		{Name: "removed lines and keys are reset", Model: "cisco-cp-8841", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.Keys = []switchboard.FunctionKey{{Index: 3, Type: switchboard.KeyLine, Value: "1", Label: "Me"}}
			},
			Want: map[string]string{
				"Line_Enable_2_": "No", "User_ID_2_": "", "Password_2_": "", "Register_2_": "No", "Line_Enable_10_": "No",
				"Extension_1_": "Disabled", "Short_Name_1_": "", "Extension_3_": "1", "Short_Name_3_": "Me",
				"Extension_10_": "Disabled", "Extended_Function_10_": "",
			},
			Absent: []string{"Line_Enable_11_", "Extension_11_"}},
		{Name: "keys removed in Switchboard are disabled on the phone", Model: "cisco-cp-8841", Lines: 2,
			Change: func(p *switchboard.Profile) { p.Keys = nil },
			Want:   map[string]string{"Extension_1_": "Disabled", "Short_Name_1_": "", "Extension_2_": "Disabled", "Extension_10_": "Disabled"}},
	},
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
	ParseSeeds: []string{
		"<flat-profile><Line_Enable_1_>Yes</Line_Enable_1_><User_ID_1_>a</User_ID_1_><Proxy_1_>h:5060</Proxy_1_></flat-profile>",
		"<flat-profile><Line_Enable_2_>No</Line_Enable_2_><Proxy_2_></Proxy_2_><Extension_3_>Disabled</Extension_3_></flat-profile>",
	},
	IdentifySeeds: [][2]string{{"Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "00562b043615.xml"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }
