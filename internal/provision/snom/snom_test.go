package snom_test

import (
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/snom"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

// ua is a D785's User-Agent (vendors.md §3).
const ua = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)"

var kit = vendortest.Vendor{
	Family: snom.Family, MAC: "00041396d9b4", FirmwareURL: "https://fw.example.net/snom/d785.bin",
	PhonebookRules: vendortest.PhonebookRules{Root: "SnomIPPhoneDirectory", Elements: []string{"Title", "Prompt", "DirectoryEntry", "Name", "Telephone"}, Name: "Name"},
	Golden:         []vendortest.Case{{ID: "snom-d785", Lines: 2}, {ID: "snom-d735", Lines: 1, TLS: true}},
	Values: []vendortest.ValuesCase{{
		Name: "function keys", Model: "snom-d785", Lines: 1, Files: []string{"snomD785-00041396D9B4.htm", "snomD785.htm"},
		Want: map[string]string{
			"fkey[0]": "line", "fkey[0].context": "1", "fkey[1]": "blf sip:201@acme.sip.example", "fkey[2]": "speed *21#",
			"fkey[24]": "dest sip:202@acme.sip.example", "fkey[25].label": "Sales",
			// Key 4 was a voicemail key the D785 does not take, and
			// every key the profile does not set is Snom's default, a
			// free line key: a removed key leaves nothing behind.
			"fkey[3]": "line", "fkey[3].context": "active", "fkey[3].label": "",
			"fkey[23]": "line", "fkey[26]": "line", "fkey[77]": "line", "fkey[77].label": "",
		},
		Absent: []string{"fkey[78]"},
	}, {
		Name: "expansion module keys follow the D735's 32 key positions", Model: "snom-d735", Lines: 1,
		Change: func(p *switchboard.Profile) {
			p.Keys = []switchboard.FunctionKey{
				{Module: 0, Index: 32, Type: switchboard.KeyBLF, Value: "201", Label: "Ben"},
				{Module: 3, Index: 18, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
			}
		},
		Want: map[string]string{
			"fkey[0]": "line", "fkey[31]": "blf sip:201@acme.sip.example", "fkey[31].label": "Ben",
			"fkey[85]": "dest sip:202@acme.sip.example", "fkey[85].label": "Carla",
		},
		Absent: []string{"fkey[86]"},
	}, {
		Name: "time, language and resync in Berlin", Model: "snom-d785", Lines: 1,
		Want: map[string]string{
			"ntp_server": "ntp1.example.net", "timezone": "GER+1",
			"language": "Deutsch", "web_language": "Deutsch",
			// A daily resync polls at a random time of the night, the
			// refresh timer from boot is off.
			"prov_polling_enabled": "on", "prov_polling_mode": "random", "prov_polling_period": "86400",
			"prov_polling_time": "01:00", "prov_polling_time_rand_end": "05:00", "settings_refresh_timer": "0",
			"firmware": "https://fw.example.net/snom/d785.bin",
		},
	}, {
		Name: "every third day in the night window", Model: "snom-d735", Lines: 1,
		Change: func(p *switchboard.Profile) { p.Resync = 72 * time.Hour },
		Want:   map[string]string{"prov_polling_mode": "random", "prov_polling_period": "259200", "settings_refresh_timer": "0"},
	}, {
		Name: "no daylight saving in Phoenix, English, hourly resync", Model: "snom-d712", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.Language, p.Resync = "America/Phoenix", "en", time.Hour },
		Want: map[string]string{"timezone": "USA2-7", "language": "English", "web_language": "English", "settings_refresh_timer": "3600",
			"prov_polling_enabled": "off"},
		Absent: []string{"prov_polling_mode", "prov_polling_time"},
	}, {
		Name: "French in London", Model: "snom-d712", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.Language = "Europe/London", "fr" },
		Want:   map[string]string{"timezone": "GBR-0", "language": "Français", "web_language": "Français"},
	}, {
		Name: "UTC has no Snom zone, no resync, no time server: the phone keeps its own", Model: "snom-d712", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.Language, p.Resync, p.NTPServers = "UTC", "", 0, nil },
		Absent: []string{"timezone", "language", "web_language", "settings_refresh_timer", "ntp_server"},
	}, {
		Name: "a removed identity is switched off and emptied", Model: "snom-d785", Lines: 1,
		Want: map[string]string{
			"user_active[1]": "on", "user_name[1]": "u01sample",
			"user_active[2]": "off", "user_name[2]": "", "user_pass[2]": "", "user_pname[2]": "", "user_host[2]": "",
			"user_outbound[2]": "", "user_active[12]": "off", "user_pass[12]": "",
		},
		Absent: []string{"user_active[13]"},
	}, {
		Name: "the admin password protects the web admin login and the keypad, the user login is the web user's", Model: "snom-d785", Lines: 1,
		Want: map[string]string{
			"http_user": "admin", "http_pass": "1234567890123456789012345678901234567890",
			"webserver_admin_name": "admin", "webserver_admin_password": "1234567890123456789012345678901234567890",
			"admin_mode_password": "1234567890123456789012345678901234567890",
			"webserver_user_name": "anna", "webserver_user_password": "48151623",
		},
	}, {
		Name: "without a web user the user account is left alone", Model: "snom-d785", Lines: 1,
		Change: func(p *switchboard.Profile) { p.WebUser, p.WebPassword = "", "" },
		Want:   map[string]string{"http_user": "admin"},
		Absent: []string{"webserver_user_name", "webserver_user_password"},
		Hidden: []string{"48151623"},
	}},
	Identities: []vendortest.IdentifyCase{
		{UA: ua, File: "", OK: true, Model: "snom-d785", MAC: "00041396d9b4"},
		{UA: ua, File: "snomD785-00041396D9B4.htm", OK: true, Model: "snom-d785", MAC: "00041396d9b4"},
		{UA: ua, File: "snomD785-000413000001.htm", OK: true, Model: "snom-d785", MAC: "000413000001", Conflict: true},
		{UA: "snom320-SIP 8.4.18 1.1.3-s", File: "", OK: true},
		{UA: "", File: "snomD735.htm", OK: true, Model: "snom-d735"},
		{UA: "", File: "000413A11FA7.xml", OK: true, MAC: "000413a11fa7"},
		{UA: "", File: "001565A11FA7.xml", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <settings>"},
		{Name: "other root", Body: "<provisioning/>", Want: "not <settings>"},
		{Name: "twice", Body: `<settings><phone-settings><a>1</a><a>2</a></phone-settings></settings>`, Want: "set twice"},
		{Name: "nested", Body: `<settings><phone-settings><a><b>1</b></a></phone-settings></settings>`, Want: "contains an element"},
	},
	ParseSeeds:    []string{`<settings><phone-settings><user_name idx="1" perm="R">a</user_name></phone-settings></settings>`},
	IdentifySeeds: [][2]string{{ua, "snomD785-00041396D9B4.htm"}, {"snom-SIP", "snom.htm"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }

// TestTimeZones checks that the European and North American zones the
// issue asks for are encoded, each with a value Snom documents.
func TestTimeZones(t *testing.T) {
	zones := []string{
		"Europe/Berlin", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Vilnius",
		"Europe/Helsinki", "Europe/Istanbul", "Europe/Moscow", "Europe/Kaliningrad", "Atlantic/Azores",
		"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
		"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Halifax", "America/St_Johns",
		"America/Vancouver", "America/Regina", "America/Mexico_City",
	}
	kit.CheckZones(t, "snom-d712", "timezone", zones)
}
