package gigaset_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/gigaset"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: gigaset.Family, MAC: "7c2f80e0d605", FirmwareURL: "https://fw.example.net/gigaset/n870.bin",
	PhonebookRules: vendortest.PhonebookRules{Root: "list", Elements: []string{"entry", "ln", "of", "hm", "mb"}, Name: "ln"},
	Golden:         []vendortest.Case{{ID: "gigaset-n670", Lines: 2}, {ID: "gigaset-n870", Lines: 3, TLS: true}},
	Values: []vendortest.ValuesCase{{
		// The pinned firmware with its version, which the base compares
		// with its own before it fetches the file.
		Name: "firmware", Model: "gigaset-n870", Lines: 1,
		Want: map[string]string{"firmware.version": "2.65.0", "firmware.url": "https://fw.example.net/gigaset/n870.bin"},
	}, {
		Name: "no firmware", Model: "gigaset-n670", Lines: 1,
		Change: func(p *switchboard.Profile) { p.FirmwareURL, p.FirmwareVersion = "", "" },
		Absent: []string{"firmware.version", "firmware.url"},
	}, {
		Name: "handset mapping", Model: "gigaset-n670", Lines: 3,
		Change: func(p *switchboard.Profile) {
			p.Handsets = []switchboard.Handset{{Index: 2, Name: "Store", Lines: []int{3}}, {Index: 5, Name: "Desk", Lines: []int{1, 2}}}
		},
		Want: map[string]string{
			"SipAccount.00002.UserName": "u03sample", "SipAccount.00005.UserName": "u01sample",
			"add_hs.00002": "", "add_hs.00005.hs.RegStatus": "ToReg", "hs.00005.DECT_AC": "4711",
			// Handsets the file does not add leave the base.
			"DeleteNotProvisionedHS": "",
		},
		// Handset 1 is removed; line 2 is no handset's first line; no
		// handset is to be paired, so no registration window.
		Absent: []string{"SipAccount.00001.UserName", "add_hs.00001", "update_dm.local", "update_dm.local.RegStart"},
		Hidden: []string{"Secret02Pass"},
	}, {
		// Handset 1 of the sample is to be paired: every handset gets the
		// base's PIN and the registration window opens for 15 minutes.
		Name: "pairing", Model: "gigaset-n870", Lines: 2,
		Want: map[string]string{
			"add_hs.00001.hs.RegStatus": "ToReg", "hs.00001.DECT_AC": "4711", "hs.00002.DECT_AC": "4711",
			"update_dm.local": "", "update_dm.local.RegStart": "1796083200", "update_dm.local.RegDuration": "900",
		},
	}, {
		// All time servers in one list, a zone with daylight saving, the
		// admin password of the web interface.
		Name: "time and password", Model: "gigaset-n670", Lines: 1,
		Want: map[string]string{
			"DmGlobal.0.NtpServer": "ntp1.example.net,192.0.2.123", "DmGlobal.0.TimeZone": "Europe/Berlin",
			"WebUIAccounts.1.Password": "1234567890123456789012345678901234567890",
		},
		// The web user password has no documented parameter.
		Hidden: []string{"48151623"},
	}, {
		// Moscow keeps no daylight saving; Kyiv's new name is written as
		// the base's "Europe/Kiev".
		Name: "zone without dst", Model: "gigaset-n670", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone = "Europe/Moscow" },
		Want:   map[string]string{"DmGlobal.0.TimeZone": "Europe/Moscow"},
	}, {
		Name: "zone renamed", Model: "gigaset-n670", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone = "Europe/Kyiv" },
		Want:   map[string]string{"DmGlobal.0.TimeZone": "Europe/Kiev"},
	}, {
		// A zone the base does not know is left to its default, as are
		// unset time servers.
		Name: "zone left out", Model: "gigaset-n670", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.NTPServers = "America/Phoenix", nil },
		Absent: []string{"DmGlobal.0.TimeZone", "DmGlobal.0.NtpServer"},
	}},
	Identities: []vendortest.IdentifyCase{
		{UA: "Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", File: "", OK: true, Model: "gigaset-n870", MAC: "7c2f80e0d605"},
		{UA: "Gigaset N670 IP PRO/83.V2.49.1+build.abc;7C2F80E0D606", File: "7c2f80e0d606.xml", OK: true, Model: "gigaset-n670", MAC: "7c2f80e0d606"},
		{UA: "Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", File: "7c2f80e0d606.xml", OK: true, Model: "gigaset-n870", MAC: "7c2f80e0d606", Conflict: true},
		{UA: "", File: "589ec6000001.xml", OK: true, MAC: "589ec6000001"},
		{UA: "", File: "001565000001.xml", OK: false, MAC: "001565000001"},
		{UA: "Gigaset", File: "x.xml", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "no <provisioning>"},
		{Name: "other root", Body: `<settings/>`, Want: "not <provisioning>"},
		{Name: "twice", Body: `<provisioning><nvm><param name="a" value="1"/><param name="a" value="2"/></nvm></provisioning>`, Want: "set twice"},
		{Name: "nameless", Body: `<provisioning><param value="1"/></provisioning>`, Want: "no name"},
		{Name: "broken", Body: `<provisioning><param`, Want: "gigaset:"},
	},
	ParseSeeds: []string{`<provisioning><nvm><oper name="add_hs" value="00001"><param name="x" value="y"/></oper></nvm></provisioning>`,
		`<provisioning><nvm><oper name="DeleteNotProvisionedHS"/><oper name="update_dm" value="local"><param name="RegStart" value="1"/></oper></nvm></provisioning>`},
	IdentifySeeds: [][2]string{{"Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", "7c2f80e0d605.xml"}, {"\"Gigaset N", ";;;;"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }

// Every European zone the base can show, UTC and the main North American
// zones have a name the base accepts; the Azores (its own rules) do not.
func TestTimeZones(t *testing.T) {
	m := kit.Model(t, "gigaset-n670")
	zones := []string{"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
		"America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver", "Atlantic/Canary"}
	for _, z := range strings.Fields(`Amsterdam Andorra Astrakhan Athens Belfast Belgrade Berlin Bratislava Brussels
		Bucharest Budapest Busingen Chisinau Copenhagen Dublin Gibraltar Guernsey Helsinki Isle_of_Man Istanbul Jersey
		Kaliningrad Kiev Kirov Kyiv Lisbon Ljubljana London Luxembourg Madrid Malta Mariehamn Minsk Monaco Moscow Nicosia
		Oslo Paris Podgorica Prague Riga Rome Samara San_Marino Sarajevo Saratov Simferopol Skopje Sofia Stockholm Tallinn
		Tirane Tiraspol Ulyanovsk Uzhgorod Vaduz Vatican Vienna Vilnius Volgograd Warsaw Zagreb Zaporozhye Zurich`) {
		zones = append(zones, "Europe/"+z)
	}
	kit.CheckZones(t, m.ID, "DmGlobal.0.TimeZone", zones)
	p := kit.Sample(m, 1)
	p.TimeZone = "Atlantic/Azores"
	if _, parsed := kit.RenderParse(t, p, m); parsed["DmGlobal.0.TimeZone"] != "" {
		t.Errorf("Azores: %q, want none", parsed["DmGlobal.0.TimeZone"])
	}
}
