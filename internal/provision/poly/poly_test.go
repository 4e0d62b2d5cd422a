package poly_test

import (
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/poly"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

// kit has no golden cases of its own: TestRenderGolden renders Poly's
// with keys of its own.
var kit = vendortest.Vendor{
	Family: poly.Family, MAC: "0004f2a1b2c3", FirmwareURL: "https://fw.example.net/poly/sip.ld",
	PhonebookRules: vendortest.PhonebookRules{Root: "directory", Elements: []string{"item_list", "item", "fn", "ct"}, Name: "fn"},
	Values:         values,
	Identities: []vendortest.IdentifyCase{
		{UA: "FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", File: "0004f2a1b2c3-user.cfg", OK: true, Model: "poly-vvx450", MAC: "0004f2a1b2c3"},
		{UA: "FileTransport PolyEdge-Edge_E450-UA/8.0.0.15602 Type/Application", File: "", OK: true, Model: "poly-edge-e450"},
		{UA: "FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application", File: "", OK: true},
		{UA: "FileTransport PolycomSoundPointIP-SPIP_335-UA/3.2.1.0078", File: "", OK: true},
		{UA: "", File: "0004F2A1B2C3.cfg", OK: true, MAC: "0004f2a1b2c3"},
		{UA: "", File: "001565bd56d4.cfg", OK: false, MAC: "001565bd56d4"},
		{UA: "", File: "000000000000.cfg", OK: false},
		{UA: "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", File: "", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no XML element"},
		{Name: "not xml", Body: "reg.1.address=1", Want: "no XML element"},
		{Name: "broken", Body: "<a x=\"1\"", Want: "poly:"},
		{Name: "twice", Body: `<a x="1"/><b x="2"/>`, Want: "set twice"},
	},
	ParseSeeds: []string{
		`<polycomConfig><reg reg.1.address="a@b" reg.1.server.1.port="5060" reg.1.server.1.transport="TLS"/></polycomConfig>`,
		"<!DOCTYPE x [<!ENTITY a \"b\">]><x y=\"&a;\"/>",
	},
	IdentifySeeds: [][2]string{{"FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", "0004f2a1b2c3-user.cfg"}, {"FileTransport Poly", "../0004f2a1b2c3.cfg"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }

func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		id    string
		lines int
		tls   bool
	}{
		{"poly-vvx450", 2, false}, {"poly-edge-e450", 1, true},
	} {
		m := kit.Model(t, tc.id)
		p := kit.Sample(m, tc.lines)
		p.Keys = []switchboard.FunctionKey{
			{Module: 1, Index: 3, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
			{Module: 0, Index: 2, Type: switchboard.KeyBLF, Value: "201", Label: "Ben & Co"},
		}
		if m.Modules == 0 {
			p.Keys = p.Keys[1:]
		}
		// As the use cases do: each line on the first free key.
		p.Keys = m.WithLineKeys(p.Keys, []string{"Line 1", "Line 2"}[:tc.lines])
		if tc.tls {
			p.Server.Encrypt()
			p.Server.Proxy = "proxy.example.net"
		}
		files, merged := kit.Check(t, tc.id, p, m)
		if merged["CONFIG_FILES"] != "[PHONE_MAC_ADDRESS]-user.cfg" || files[1].Name != "0004f2a1b2c3-user.cfg" {
			t.Errorf("%s: the master file does not point at the device file", tc.id)
		}
		if merged["attendant.resourceList.1.label"] != "Ben & Co" || merged["lineKey.2.category"] != "BLF" || merged["lineKey.2.index"] != "1" {
			t.Errorf("%s: the key on position 2 is not the first resource list entry or the label lost its escaping: %q", tc.id, merged["attendant.resourceList.1.label"])
		}
	}
}

// values are what a user would notice on the phone.
var values = []vendortest.ValuesCase{
	{
		Name: "time, language and resync in Berlin", Model: "poly-vvx450", Lines: 1,
		Want: map[string]string{
			"tcpIpApp.sntp.address": "ntp1.example.net", "tcpIpApp.sntp.address.overrideDHCP": "1",
			"tcpIpApp.sntp.gmtOffset": "3600", "tcpIpApp.sntp.daylightSavings.enable": "1",
			"tcpIpApp.sntp.daylightSavings.fixedDayEnable": "0",
			"tcpIpApp.sntp.daylightSavings.start.month":    "3", "tcpIpApp.sntp.daylightSavings.start.dayOfWeek": "1",
			"tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth": "1", "tcpIpApp.sntp.daylightSavings.start.time": "2",
			"tcpIpApp.sntp.daylightSavings.stop.month": "10", "tcpIpApp.sntp.daylightSavings.stop.dayOfWeek.lastInMonth": "1",
			"tcpIpApp.sntp.daylightSavings.stop.time": "3",
			"lcl.ml.lang": "German_Germany",
			// A daily resync polls at a random time of the night.
			"prov.polling.enabled": "1", "prov.polling.mode": "random", "prov.polling.period": "86400",
			"prov.polling.time": "01:00", "prov.polling.timeRandomEnd": "05:00",
		},
	},
	{
		Name: "US daylight saving in New York, English", Model: "poly-edge-e450", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.Language = "America/New_York", "en" },
		Want: map[string]string{
			"tcpIpApp.sntp.gmtOffset": "-18000", "tcpIpApp.sntp.daylightSavings.enable": "1",
			"tcpIpApp.sntp.daylightSavings.start.month": "3", "tcpIpApp.sntp.daylightSavings.start.date": "8",
			"tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth": "0", "tcpIpApp.sntp.daylightSavings.start.time": "2",
			"tcpIpApp.sntp.daylightSavings.stop.month": "11", "tcpIpApp.sntp.daylightSavings.stop.date": "1",
			"tcpIpApp.sntp.daylightSavings.stop.dayOfWeek.lastInMonth": "0",
			"lcl.ml.lang": "English_United_States",
		},
	},
	{
		Name: "no daylight saving in Moscow, French, hourly resync at the least", Model: "poly-vvx250", Lines: 1,
		Change: func(p *switchboard.Profile) {
			p.TimeZone, p.Language, p.Resync = "Europe/Moscow", "fr", 10*time.Minute
		},
		Want: map[string]string{
			"tcpIpApp.sntp.gmtOffset": "10800", "tcpIpApp.sntp.daylightSavings.enable": "0",
			"lcl.ml.lang": "French_France", "prov.polling.mode": "rel", "prov.polling.period": "3600",
		},
		Absent: []string{"tcpIpApp.sntp.daylightSavings.start.month", "prov.polling.time", "prov.polling.timeRandomEnd"},
	},
	{
		Name: "a zone Poly's rule cannot hold, no resync, no time server: the phone keeps its own", Model: "poly-vvx250", Lines: 1,
		Change: func(p *switchboard.Profile) {
			p.TimeZone, p.Language, p.Resync, p.NTPServers = "Australia/Lord_Howe", "", 0, nil
		},
		Absent: []string{
			"tcpIpApp.sntp.gmtOffset", "tcpIpApp.sntp.daylightSavings.enable", "tcpIpApp.sntp.address",
			"lcl.ml.lang", "prov.polling.enabled", "prov.polling.period",
		},
	},
	{
		Name: "keys sit where the user put them, the rest is unassigned", Model: "poly-vvx450", Lines: 2,
		Change: func(p *switchboard.Profile) {
			p.Keys = []switchboard.FunctionKey{
				{Module: 0, Index: 5, Type: switchboard.KeyBLF, Value: "201", Label: "Ben"},
				{Module: 2, Index: 1, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
				{Module: 0, Index: 1, Type: switchboard.KeyLine, Value: "2", Label: "Line 2"},
				// What the use cases add for line 1, which has no key of
				// its own: the first free key (Model.WithLineKeys).
				{Module: 0, Index: 2, Type: switchboard.KeyLine, Value: "1", Label: "Line 1"},
			}
		},
		Want: map[string]string{
			"lineKey.reassignment.enabled": "1",
			// Both lines where their keys put them.
			"lineKey.1.category": "Line", "lineKey.1.index": "2",
			"lineKey.2.category": "Line", "lineKey.2.index": "1",
			"lineKey.3.category": "Unassigned", "lineKey.3.index": "0",
			"lineKey.5.category": "BLF", "lineKey.5.index": "1",
			"attendant.resourceList.1.address": "201", "attendant.resourceList.1.label": "Ben",
			// Module 2, key 1: after the phone's 12 keys and module 1's 28.
			"lineKey.41.category": "BLF", "lineKey.41.index": "2",
			"attendant.resourceList.2.address": "202", "attendant.resourceList.2.label": "Carla",
			"lineKey.40.category": "Unassigned", "lineKey.96.category": "Unassigned",
			// A key removed since the last profile leaves no entry behind.
			"attendant.resourceList.3.address": "", "attendant.resourceList.96.address": "",
		},
		Absent: []string{"lineKey.97.category", "attendant.resourceList.97.address"},
	},
	{
		Name: "a removed line is emptied on every registration slot", Model: "poly-edge-e450", Lines: 1,
		Want: map[string]string{
			"reg.1.address": "u01sample@acme.sip.example",
			"reg.2.address": "", "reg.2.auth.userId": "", "reg.2.auth.password": "", "reg.2.server.1.address": "",
			"reg.12.address": "", "reg.12.auth.password": "", "msg.mwi.12.callBack": "",
			"reg.1.outboundProxy.address": "",
		},
		Absent: []string{"reg.13.address"},
	},
	{
		Name: "admin and user passwords go to the local admin and user accounts", Model: "poly-vvx350", Lines: 1,
		Want: map[string]string{
			// The 40 generated digits cut to the 32 UC Software takes.
			"device.auth.localAdminPassword": "12345678901234567890123456789012", "device.auth.localAdminPassword.set": "1",
			"device.auth.localUserPassword": "48151623", "device.auth.localUserPassword.set": "1",
			"device.set": "1",
		},
		Hidden: []string{"1234567890123456789012345678901234567890"},
	},
}

// TestTimeZones checks that every zone the table encodes is written with
// a documented value, and that the European and North American zones the
// issue asks for are all there.
func TestTimeZones(t *testing.T) {
	zones := []string{
		"UTC", "Europe/Berlin", "Europe/London", "Europe/Lisbon", "Europe/Helsinki", "Europe/Istanbul",
		"Europe/Moscow", "Europe/Kaliningrad", "Europe/Chisinau", "Atlantic/Azores", "Atlantic/Reykjavik",
		"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
		"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Halifax", "America/St_Johns",
		"America/Vancouver", "America/Regina", "America/Mexico_City",
	}
	kit.CheckZones(t, "poly-vvx250", "tcpIpApp.sntp.gmtOffset", zones)
}

// TestBootstrap checks the zero-touch bootstrap of a VVX, which kit's own
// golden cases (none) do not reach.
func TestBootstrap(t *testing.T) {
	k := kit
	k.Golden = []vendortest.Case{{ID: "poly-vvx450"}}
	k.CheckBootstrap(t)
}
