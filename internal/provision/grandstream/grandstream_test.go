package grandstream_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"

	"github.com/switchboard-pbx/switchboard/internal/provision/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: grandstream.Family, MAC: "000b828aa872", FirmwareURL: "https://fw.example.net/grandstream/fw.bin",
	PhonebookRules: vendortest.PhonebookRules{Root: "AddressBook", Elements: []string{"Contact", "LastName", "FirstName", "Phone", "phonenumber", "accountindex"}, Name: "FirstName"},
	Golden:         []vendortest.Case{{ID: "grandstream-grp2614", Lines: 1}, {ID: "grandstream-gxp2135", Lines: 2, TLS: true}},
	Values: []vendortest.ValuesCase{{
		// GRP26xx: one list of key modes (31 line, 1 BLF, 0 speed dial,
		// 6 voicemail); VPK 16, the last, is written empty.
		Name: "grp keys", Model: "grandstream-grp2614", Lines: 1, Files: []string{"cfg000b828aa872.xml"},
		Want: map[string]string{
			"P1363": "31", "P1364": "0", "P1465": "Anna",
			"P1365": "1", "P1467": "Ben", "P1468": "201",
			"P1367": "0", "P1470": "*21#", "P1369": "6",
			"P1371": "-1", "P23836": "-1", "P23837": "0", "P23838": "", "P23839": "",
		},
		Absent: []string{"P23000", "P23840"},
	}, {
		// GXP21xx: fixed VPKs (1-8 on the GXP2135) count their modes from
		// 10, dynamic ones from 0; the line key shows account 2.
		Name: "gxp keys", Model: "grandstream-gxp2135", Lines: 2,
		Change: func(p *switchboard.Profile) {
			p.Keys[0].Value = "2"
			p.Keys = append(p.Keys, switchboard.FunctionKey{Index: 10, Type: switchboard.KeyBLF, Value: "205", Label: "Eva"})
		},
		Want: map[string]string{
			"P1363": "0", "P1364": "1", "P1365": "11", "P1367": "10", "P1369": "16",
			"P23812": "1", "P23813": "0", "P23814": "Eva", "P23815": "205",
			"P23808": "-1", "P23900": "-1", "P23903": "",
		},
		Absent: []string{"P23904"},
	}, {
		// A removed key is reset: VPK 2 without a key is None and empty.
		Name: "removed key", Model: "grandstream-grp2614", Lines: 1,
		Change: func(p *switchboard.Profile) { p.Keys = p.Keys[:1] },
		Want:   map[string]string{"P1365": "-1", "P1366": "0", "P1467": "", "P1468": ""},
	}, {
		// Accounts 1 and 2 are written and allow check-sync; accounts 3 to
		// 6 of the GXP2170 are switched off and emptied.
		Name: "removed line", Model: "grandstream-gxp2170", Lines: 2,
		Want: map[string]string{
			"P271": "1", "P26015": "1", "P401": "1", "P404": "u02sample", "P406": "Secret02Pass", "P26115": "1",
			"P501": "0", "P504": "", "P506": "", "P26215": "0",
			"P601": "0", "P1701": "0", "P1704": "", "P1801": "0", "P1806": "", "P26515": "0",
		},
	}, {
		// Time servers, Central European Time from the phone's own list,
		// German, a daily resync, admin and user passwords.
		Name: "time language passwords", Model: "grandstream-grp2614", Lines: 1,
		Want: map[string]string{
			"P30": "ntp1.example.net", "P8333": "192.0.2.123", "P144": "0",
			"P64": "CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00", "P143": "0", "P1362": "de",
			"P2": "1234567890123456789012345", "P196": "48151623",
			// A daily resync checks at a random time between 1 and 5.
			"P194": "2", "P8458": "1", "P285": "1", "P8459": "5",
		},
		Absent: []string{"P246", "P193"},
	}, {
		// Moscow (no daylight saving) is not on the list: customize.
		Name: "zone without dst", Model: "grandstream-gxp2135", Lines: 1,
		Change: func(p *switchboard.Profile) {
			p.TimeZone, p.NTPServers, p.Resync, p.Language = "Europe/Moscow", []string{"ntp.example.org"}, 7*24*time.Hour, "fr"
		},
		Want:   map[string]string{"P64": "customize", "P246": "MSK-3", "P30": "ntp.example.org", "P8333": "", "P194": "1", "P193": "10080", "P8458": "0", "P1362": "fr"},
		Absent: []string{"P285", "P8459"},
	}, {
		Name: "north america", Model: "grandstream-gxp2170", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.Resync = "America/New_York", 400*24*time.Hour },
		Want:   map[string]string{"P64": "EST5EDT", "P193": "86400"},
		Absent: []string{"P246"},
	}, {
		// A zone the renderer cannot encode is left to the phone, and so
		// are an unset resync and unset time servers.
		Name: "zone left out", Model: "grandstream-grp2614", Lines: 1,
		Change: func(p *switchboard.Profile) { p.TimeZone, p.Resync, p.NTPServers = "Asia/Tokyo", 0, nil },
		Absent: []string{"P64", "P246", "P143", "P193", "P194", "P8458", "P30", "P8333"},
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
	ParseSeeds: []string{"<gs_provision><config><P271>1</P271><P35>u</P35><P47>h:5060</P47></config></gs_provision>",
		"<gs_provision><config><P401>1</P401><P404>u</P404><P402>h:5060</P402><P1363>31</P1363><P64>customize</P64><P246>MSK-3</P246></config></gs_provision>"},
	IdentifySeeds: [][2]string{{"Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872", "cfg000b828aa872.xml"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }

// A GXP21xx line key must be one of the fixed VPKs.
func TestLineKeyOnDynamicVPK(t *testing.T) {
	m := kit.Model(t, "grandstream-gxp2130")
	p := kit.Sample(m, 1)
	p.Keys = []switchboard.FunctionKey{{Index: 5, Type: switchboard.KeyLine, Value: "1"}}
	if _, err := grandstream.Render(p, m); err == nil || !strings.Contains(err.Error(), "VPKs 1 to 3") {
		t.Fatalf("err = %v, want the fixed VPK range", err)
	}
}

// Every European zone, UTC and the main North American zones have a
// time zone, and every rule written to P246 is documented.
func TestTimeZones(t *testing.T) {
	m := kit.Model(t, "grandstream-grp2614")
	zones := []string{"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
		"America/Anchorage", "Pacific/Honolulu", "America/Halifax", "America/St_Johns", "America/Toronto", "America/Vancouver",
		"America/Mexico_City", "Atlantic/Azores", "Atlantic/Canary", "Atlantic/Reykjavik", "Europe/Istanbul", "Europe/Minsk"}
	for _, z := range europe {
		zones = append(zones, "Europe/"+z)
	}
	kit.CheckZones(t, m.ID, "P64", zones)
}

// europe are the zone names under Europe/ in the IANA database (2024).
var europe = strings.Fields(`Amsterdam Andorra Astrakhan Athens Belfast Belgrade Berlin Bratislava Brussels Bucharest
	Budapest Busingen Chisinau Copenhagen Dublin Gibraltar Guernsey Helsinki Isle_of_Man Istanbul Jersey Kaliningrad
	Kiev Kirov Kyiv Lisbon Ljubljana London Luxembourg Madrid Malta Mariehamn Minsk Monaco Moscow Nicosia Oslo Paris
	Podgorica Prague Riga Rome Samara San_Marino Sarajevo Saratov Simferopol Skopje Sofia Stockholm Tallinn Tirane
	Tiraspol Ulyanovsk Uzhgorod Vaduz Vatican Vienna Vilnius Volgograd Warsaw Zagreb Zaporozhye Zurich`)
