package fanvil_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"

	"github.com/switchboard-pbx/switchboard/internal/provision/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: fanvil.Family, MAC: "0c383e07e16c", FirmwareURL: "https://fw.example.net/fanvil/x4u.z",
	PhonebookRules: vendortest.PhonebookRules{Root: "FanvilIPPhoneDirectory", Elements: []string{"DirectoryEntry", "Name", "Telephone"}, Name: "Name"},
	Golden:         []vendortest.Case{{ID: "fanvil-x4u", Lines: 2}, {ID: "fanvil-x6u", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{
		{Name: "provisioning URL split, daily resync", Model: "fanvil-x4u", Lines: 1, Want: map[string]string{
			"ap.FlashServerIP": "prov.example.net:8448", "ap.FlashFileName": "81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg", "ap.FlashProtocol": "5",
			"ap.FlashMode": "2", "ap.FlashInterval": "24", "ap.DownloadCommonConf": "0",
		}},
		{Name: "the pinned firmware's image", Model: "fanvil-x6u", Lines: 1, Want: map[string]string{
			"AUTOUPDATE_CONFIG_MODULE.Download_Mode": "1", "AUTOUPDATE_CONFIG_MODULE.Auto_Image_URL": "https://fw.example.net/fanvil/x4u.z",
		}},
		{Name: "no pinned firmware, no image", Model: "fanvil-x4u", Lines: 1,
			Change: func(p *switchboard.Profile) { p.FirmwareURL, p.FirmwareVersion = "", "" },
			Absent: []string{"AUTOUPDATE_CONFIG_MODULE.Download_Mode", "AUTOUPDATE_CONFIG_MODULE.Auto_Image_URL"}},
		{Name: "time and language in Fanvil's encoding", Model: "fanvil-x4u", Lines: 1, Want: map[string]string{
			"phone.date.EnableSNTP": "1", "phone.date.SNTPServer": "ntp1.example.net", "phone.date.SecondSNTPServer": "192.0.2.123",
			"phone.date.TimeZone": "4", "phone.date.EnableDST": "2", "phone.date.DSTFixedType": "2", "phone.date.DSTMinOffset": "60",
			"phone.date.DSTStartMon": "3", "phone.date.DSTStartWeek": "-1", "phone.date.DSTStartWday": "0", "phone.date.DSTStartHour": "2",
			"phone.date.DSTEndMon": "10", "phone.date.DSTEndWeek": "-1", "phone.date.DSTEndWday": "0", "phone.date.DSTEndHour": "3",
			"phone.display.DefaultLanguage": "de",
		}},
		{Name: "zone without summer time, French, resync every 90 minutes", Model: "fanvil-x4u", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.TimeZone, p.Language, p.NTPServers, p.Resync = "Europe/Istanbul", "fr", []string{"pool.example.org"}, 90*time.Minute
			},
			Want: map[string]string{
				"phone.date.TimeZone": "12", "phone.date.EnableDST": "0", "phone.date.SecondSNTPServer": "",
				"phone.display.DefaultLanguage": "fr", "ap.FlashInterval": "2",
			},
			Absent: []string{"phone.date.DSTStartMon", "phone.date.DSTFixedType"}},
		{Name: "North America: second Sunday of March, first of November", Model: "fanvil-x4u", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone = "America/St_Johns" },
			Want: map[string]string{
				"phone.date.TimeZone": "-14", "phone.date.DSTStartMon": "3", "phone.date.DSTStartWeek": "2", "phone.date.DSTStartHour": "2",
				"phone.date.DSTEndMon": "11", "phone.date.DSTEndWeek": "1", "phone.date.DSTEndHour": "2",
			}},
		{Name: "a zone the table lacks is left to the phone, as is the resync", Model: "fanvil-x4u", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone, p.Resync = "Asia/Tokyo", 0 },
			Want:   map[string]string{"phone.date.SNTPServer": "ntp1.example.net"},
			Absent: []string{"phone.date.TimeZone", "phone.date.EnableDST", "ap.FlashMode", "ap.FlashInterval"}},
		{Name: "web admin and web user accounts, SIP password only on its line", Model: "fanvil-x4u", Lines: 1, Want: map[string]string{
			"web.account[1].Name": "admin", "web.account[1].Password": "1234567890123456789012345678901234567890", "web.account[1].Level": "10",
			"web.account[2].Name": "anna", "web.account[2].Password": "48151623", "web.account[2].Level": "5",
			"phone.MenuPassword": "1234567890123456789012345678901234567890", "sip.line[1].RegisterPswd": "Secret01Pass",
		}},
		{Name: "removed lines and keys are reset", Model: "fanvil-x4u", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.Keys = []switchboard.FunctionKey{{Index: 5, Type: switchboard.KeyBLF, Value: "202", Label: "Carla"}}
			},
			Want: map[string]string{
				"sip.line[2].EnableReg": "0", "sip.line[2].PhoneNumber": "", "sip.line[2].RegisterPswd": "", "sip.line[12].EnableReg": "0",
				"dsskey.dssSide[1].Fkey[1].Type": "0", "dsskey.dssSide[1].Fkey[1].Value": "", "dsskey.dssSide[1].Fkey[1].Title": "",
				"dsskey.dssSide[1].Fkey[5].Type": "1", "dsskey.dssSide[1].Fkey[5].Value": "202@1/ba", "dsskey.dssSide[1].Fkey[12].Type": "0",
			},
			Absent: []string{"sip.line[13].EnableReg", "dsskey.dssSide[1].Fkey[13].Type"}},
		{Name: "a bare profile has no empty sections", Model: "fanvil-x4u", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.AdminPassword, p.WebPassword, p.Language, p.TimeZone, p.NTPServers = "", "", "", "", nil
			},
			Absent: []string{"phone", "web", "phone.date", "web.account[1].Password"}},
		{Name: "a profile without keys shows its lines", Model: "fanvil-x4u", Lines: 2,
			Change: func(p *switchboard.Profile) { p.Keys = nil },
			Want: map[string]string{
				"dsskey.dssSide[1].Fkey[1].Value": "SIP1", "dsskey.dssSide[1].Fkey[2].Value": "SIP2", "dsskey.dssSide[1].Fkey[2].Title": "Line 2",
				"dsskey.dssSide[1].Fkey[3].Type": "0",
			}},
	},
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
	ParseSeeds: []string{
		"<sysConf><sip><line index=\"1\"><PhoneNumber>a</PhoneNumber><EnableReg>1</EnableReg></line></sip></sysConf>",
		"<sysConf><dsskey><dssSide index=\"1\"><Fkey index=\"2\"><Type>1</Type><Value>201@1/ba</Value></Fkey></dssSide></dsskey><web><account index=\"1\"><Password>x</Password></account></web></sysConf>",
	},
	IdentifySeeds: [][2]string{{"Fanvil X4U 2.10.2.6887 0c383e07e16c", "0c383e07e16c.cfg"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }
