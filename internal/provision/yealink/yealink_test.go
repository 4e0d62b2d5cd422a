package yealink_test

import (
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
	"github.com/switchboard-pbx/switchboard/internal/provision/yealink"
)

const (
	header = "#!version:1.0.0.1"
	null   = "%NULL%"
	// adminPW is the sample's 40 generated digits cut to what Yealink takes.
	adminPW = "admin:12345678901234567890123456"
	pwKey   = "static.security.user_password"
)

var kit = vendortest.Vendor{
	Family: yealink.Family, MAC: "001565bd56d4", FirmwareURL: "https://fw.example.net/yealink/t54w.rom",
	PhonebookRules: vendortest.PhonebookRules{Root: "YealinkIPPhoneDirectory", Elements: []string{"DirectoryEntry", "Name", "Telephone"}, Name: "Name"},
	Golden: []vendortest.Case{
		{ID: "yealink-t46s", Lines: 2}, {ID: "yealink-t54w", Lines: 1, TLS: true},
		{ID: "yealink-w70b", Lines: 3}, {ID: "yealink-w80b", Lines: 2, TLS: true},
	},
	Values: []vendortest.ValuesCase{
		{
			Name: "DECT mapping, unused handset slots reset", Model: "yealink-w70b", Lines: 3,
			Change: func(p *switchboard.Profile) {
				p.Handsets = []switchboard.Handset{{Index: 1, Name: "Desk", Lines: []int{2, 1}}, {Index: 4, Name: "Store", Lines: []int{3}}}
			},
			Want: map[string]string{
				"handset.1.incoming_lines": "2,1", "handset.1.dial_out_lines": "2,1", "handset.1.dial_out_default_line": "2", "handset.1.name": "Desk",
				"handset.4.incoming_lines": "3", "handset.4.dial_out_lines": "3", "handset.4.dial_out_default_line": "3",
				"handset.2.name": null, "handset.2.incoming_lines": null, "handset.2.dial_out_default_line": null,
				"handset.10.name": null, "handset.10.incoming_lines": null, "handset.10.dial_out_lines": null,
				"account.4.enable": "0", "account.10.enable": "0", "account.10.user_name": null,
			},
			Absent: []string{"handset.11.name", "account.11.enable", "linekey.1.type"},
		},
		{
			// The app puts the base's own account after each handset's own
			// line: it rings on every handset, each dials out on its own.
			Name: "base line rings on every handset", Model: "yealink-w80b", Lines: 3,
			Change: func(p *switchboard.Profile) {
				p.Handsets = []switchboard.Handset{{Index: 1, Name: "A", Lines: []int{1, 3}}, {Index: 2, Name: "B", Lines: []int{2, 3}, Pair: true}}
			},
			Want: map[string]string{
				"handset.1.incoming_lines": "1,3", "handset.1.dial_out_default_line": "1",
				"handset.2.incoming_lines": "2,3", "handset.2.dial_out_lines": "2,3", "handset.2.dial_out_default_line": "2",
				"handset.3.incoming_lines": null, "handset.100.name": null, "account.100.enable": "0",
			},
		},
		{
			Name: "base PIN and handset language", Model: "yealink-w70b", Lines: 1,
			Change: func(p *switchboard.Profile) { p.HandsetPIN, p.Language = "0815", "fr" },
			Want:   map[string]string{"base.pin_code": "0815", "custom.handset.language": "1", "lang.wui": "French"},
			Absent: []string{"lang.gui"},
		},
		{
			Name: "Berlin: NTP, summer time by rule, German, daily resync", Model: "yealink-t54w", Lines: 1,
			Want: map[string]string{
				"local_time.ntp_server1": "ntp1.example.net", "local_time.ntp_server2": "192.0.2.123", "local_time.manual_ntp_srv_prior": "1",
				"local_time.time_zone": "+1", "local_time.time_zone_name": "Germany(Berlin)", "local_time.summer_time": "1",
				"local_time.dst_time_type": "1", "local_time.start_time": "3/5/7/2", "local_time.end_time": "10/5/7/3", "local_time.offset_time": "60",
				"lang.gui": "German", "lang.wui": "German",
				"static.auto_provision.repeat.enable": "0", "static.auto_provision.flexible.enable": "1",
				"static.auto_provision.flexible.interval": "1", "static.auto_provision.flexible.begin_time": "01:00",
				"static.auto_provision.flexible.end_time": "05:00",
			},
		},
		{
			Name: "a 60-day resync stays in the flexible mode", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) { p.Resync = 60 * 24 * time.Hour },
			Want: map[string]string{"static.auto_provision.flexible.enable": "1", "static.auto_provision.flexible.interval": "60",
				"static.auto_provision.repeat.enable": "0"},
		},
		{
			Name: "New York: US summer time, English, 90 minute resync, one NTP server", Model: "yealink-t46s", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.TimeZone, p.Language, p.Resync, p.NTPServers = "America/New_York", "en", 90*time.Minute, []string{"time.example.org"}
			},
			Want: map[string]string{
				"local_time.time_zone": "-5", "local_time.time_zone_name": "United States-Eastern Time", "local_time.summer_time": "1",
				"local_time.start_time": "3/2/7/2", "local_time.end_time": "11/1/7/2",
				"local_time.ntp_server1": "time.example.org", "local_time.ntp_server2": null,
				"lang.gui": "English", "lang.wui": "English", "static.auto_provision.repeat.minutes": "90",
				"static.auto_provision.flexible.enable": "0",
			},
		},
		{
			Name: "Moscow and UTC: no summer time", Model: "yealink-t46s", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone = "Europe/Moscow" },
			Want: map[string]string{
				"local_time.time_zone": "+3", "local_time.time_zone_name": "Russia(Moscow)", "local_time.summer_time": "0",
				"local_time.dst_time_type": null, "local_time.start_time": null, "local_time.end_time": null, "local_time.offset_time": null,
			},
		},
		{
			Name: "UTC", Model: "yealink-w80b", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone = "UTC" },
			Want:   map[string]string{"local_time.time_zone": "0", "local_time.time_zone_name": "GMT", "local_time.summer_time": "0"},
		},
		{
			// Yealink's zone table is not covered beyond Europe and North
			// America: such a zone is left to the phone's default.
			Name: "zone not encoded, no language, no NTP server: phone defaults", Model: "yealink-t57w", Lines: 1,
			Change: func(p *switchboard.Profile) { p.TimeZone, p.Language, p.NTPServers = "Asia/Tokyo", "", nil },
			Want: map[string]string{
				"local_time.time_zone": null, "local_time.time_zone_name": null, "local_time.summer_time": null,
				"local_time.start_time": null, "lang.gui": null, "lang.wui": null,
				"local_time.ntp_server1": null, "local_time.ntp_server2": null, "local_time.manual_ntp_srv_prior": null,
			},
		},
		{
			Name: "no resync interval leaves the phone's", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) { p.Resync = 0 },
			Absent: []string{"static.auto_provision.repeat.enable", "static.auto_provision.repeat.minutes"},
		},
		{
			Name: "removed keys and lines are reset", Model: "yealink-t46s", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.Keys = []switchboard.FunctionKey{{Index: 2, Type: switchboard.KeyBLF, Value: "201", Label: "Ben"}}
			},
			Want: map[string]string{
				"linekey.2.type": "16", "linekey.2.value": "201",
				"linekey.1.type": "0", "linekey.1.line": null, "linekey.1.value": null, "linekey.1.label": null,
				"linekey.27.type": "0", "expansion_module.1.key.1.type": "0", "expansion_module.1.key.1.label": null,
				"expansion_module.6.key.40.type": "0", "expansion_module.6.key.40.value": null,
				"account.2.enable": "0", "account.2.user_name": null, "account.2.password": null, "voice_mail.number.2": null,
				"account.16.enable": "0", "account.16.sip_server.1.address": null,
				"account.1.outbound_proxy_enable": "0", "account.1.outbound_proxy.1.address": null,
			},
			Absent: []string{"linekey.28.type", "expansion_module.7.key.1.type", "expansion_module.1.key.41.type", "account.17.enable"},
		},
		{
			Name: "empty values reset rather than keep", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.Lines[0].Voicemail, p.Lines[0].Label, p.Lines[0].DisplayName = "", "", ""
			},
			Want: map[string]string{"voice_mail.number.1": null, "account.1.label": null, "account.1.display_name": null},
		},
		{
			Name: "admin and web user passwords in their accounts", Model: "yealink-t54w", Lines: 1,
			Want: map[string]string{
				"static.security.user_name.admin": "admin", pwKey + "[admin]": adminPW,
				"static.security.user_name.user": "anna", pwKey + "[user]": "anna:48151623",
			},
			Hidden: []string{"admin:Secret01Pass", "anna:Secret01Pass", "1234567890123456789012345678901234567890"},
		},
		{
			Name: "web user without a name is the firmware's user", Model: "yealink-t46s", Lines: 1,
			Change: func(p *switchboard.Profile) { p.WebUser, p.WebPassword = "", "2468" },
			Want:   map[string]string{"static.security.user_name.user": "user", pwKey + "[user]": "user:2468"},
		},
		{
			// "admin" names the admin account: the web password must not
			// replace the admin password, so the user account stays "user".
			Name: "web user named admin", Model: "yealink-t46s", Lines: 1,
			Change: func(p *switchboard.Profile) { p.WebUser, p.AdminPassword, p.WebPassword = "Admin", "1234", "5678" },
			Want: map[string]string{
				"static.security.user_name.user": "user", pwKey + "[user]": "user:5678", pwKey + "[admin]": "admin:1234",
			},
		},
		{
			Name: "web user name with a colon", Model: "yealink-t46s", Lines: 1,
			Change: func(p *switchboard.Profile) { p.WebUser = "a:b" },
			Want:   map[string]string{"static.security.user_name.user": "user", pwKey + "[user]": "user:48151623"},
		},
		{
			Name: "values stay on their line", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.Lines[0].DisplayName = "Anna\nstatic.security.user_password = admin:0000"
			},
			Want: map[string]string{pwKey + "[admin]": adminPW},
		},
		{
			Name: "outbound proxy", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) { p.Server.Proxy = "proxy.example.net" },
			Want: map[string]string{
				"account.1.outbound_proxy_enable": "1", "account.1.outbound_proxy.1.address": "proxy.example.net",
				"account.1.outbound_proxy.1.port": "5060",
			},
		},
		{
			Name: "directory URL and the files under it", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.ProvisioningURL = switchboard.Model{URLForm: switchboard.URLDirectory}.ProvisioningURL("https://prov.example.net:8448", "81d381d7")
			},
			Want:  map[string]string{"static.auto_provision.server.url": "https://prov.example.net:8448/81d381d7/"},
			Files: []string{"001565bd56d4.cfg", "y000000000096.cfg"},
		},
	},
	Identities: []vendortest.IdentifyCase{
		{UA: "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", File: "", OK: true, Model: "yealink-t46s", MAC: "001565bd56d4"},
		{UA: "Yealink SIP-T54W 96.86.0.100 001565f429a4", File: "001565f429a4.cfg", OK: true, Model: "yealink-t54w", MAC: "001565f429a4"},
		{UA: "Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", File: "", OK: true, Model: "yealink-w70b", MAC: "805e0c1d654e"},
		{UA: "Yealink W80B 103.87.0.10 80:5e:0c:1d:65:4f", File: "", OK: true, Model: "yealink-w80b", MAC: "805e0c1d654f"},
		{UA: "Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0", File: "", OK: true},
		{UA: "", File: "y000000000096.cfg", OK: true, Model: "yealink-t54w"},
		{UA: "", File: "y000000000000.boot", OK: true},
		{UA: "", File: "001565BD56D4.cfg", OK: true, MAC: "001565bd56d4"},
		{UA: "", File: "001565bd56d4.boot", OK: true, MAC: "001565bd56d4"},
		{UA: "", File: "001565bd56d4-local.cfg", OK: true, MAC: "001565bd56d4"},
		{UA: "", File: "001565bd56d4-contact.xml", OK: true, MAC: "001565bd56d4"},
		{UA: "", File: "001565bd56d4-sys.log", OK: true, MAC: "001565bd56d4"},
		{UA: "", File: "0c383e07e16c.cfg", OK: false, MAC: "0c383e07e16c"},
		{UA: "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", File: "001565000001.cfg", OK: true, Model: "yealink-t46s", MAC: "001565000001", Conflict: true},
		{UA: "Mozilla/5.0", File: "index.html", OK: false},
		{UA: "Yealink SIP-T46S 66.86.0.160 00:00:00:00:00:00", File: "", OK: true, Model: "yealink-t46s"},
		{UA: "Yealink SIP-" + strings.Repeat("T", 600), File: "", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "no header", Body: "account.1.enable = 1\n", Want: "first line"},
		{Name: "empty", Body: "", Want: "empty"},
		{Name: "no equals", Body: header + "\naccount.1.enable\n", Want: "not key = value"},
		{Name: "key with space", Body: header + "\nacc ount = 1\n", Want: "not key = value"},
		{Name: "duplicate", Body: header + "\na = 1\na = 2\n", Want: "set twice"},
		{Name: "password without user", Body: header + "\nstatic.security.user_password = 1234\n", Want: "user:password"},
		{Name: "password twice per user", Body: header + "\nstatic.security.user_password = admin:1\nstatic.security.user_password = admin:2\n", Want: "set twice"},
		{
			Name: "password twice per account", Want: "set twice",
			Body: header + "\nstatic.security.user_name.admin = boss\nstatic.security.user_password = boss:1\nstatic.security.user_password = admin:2\n",
		},
	},
	ParseSeeds: []string{
		header + "\na = b\n", header + "\nstatic.security.user_password = admin:1\n", "", "\x00", header + "\n=\n",
		header + "\nstatic.security.user_name.user = anna\nstatic.security.user_password = anna:1\naccount.1.enable = 1\naccount.1.user_name = %NULL%\n",
	},
	IdentifySeeds: [][2]string{
		{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "001565bd56d4.cfg"},
		{"Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", "y000000000146.cfg"},
		{"", "001565bd56d4-local.cfg"},
		{"Yealink-\x00\xff", "../../etc/passwd"},
		{"", "%2e%2e/001565bd56d4.cfg"},
	},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }

func TestRenderRefuses(t *testing.T) {
	m := kit.Model(t, "yealink-t54w")
	p := kit.Sample(m, 17)
	if _, err := yealink.Render(p, m); err == nil || !strings.Contains(err.Error(), "carries 16 line(s)") {
		t.Errorf("17 lines on a T54W: %v", err)
	}
	other := m
	other.Vendor = "snom"
	if _, err := yealink.Render(kit.Sample(m, 1), other); err == nil {
		t.Error("rendered a model of another vendor")
	}
}

func TestParseCRLF(t *testing.T) {
	got, err := yealink.Parse([]byte(header + "\r\n# comment\r\n\r\nstatic.security.user_password = admin:1\r\nstatic.security.user_password = user:2\r\nx = a = b\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	vendortest.CheckValues(t, got, map[string]string{pwKey + "[admin]": "admin:1", pwKey + "[user]": "user:2", "x": "a = b"})
}

// TestParsePasswordByAccount reads a password the way the phone applies
// it: to the account whose login name it starts with.
func TestParsePasswordByAccount(t *testing.T) {
	got, err := yealink.Parse([]byte(header + "\nstatic.security.user_name.user = anna\nstatic.security.user_password = anna:1\nstatic.security.user_password = bob:2\n"))
	if err != nil {
		t.Fatal(err)
	}
	vendortest.CheckValues(t, got, map[string]string{pwKey + "[user]": "anna:1", pwKey + "[bob]": "bob:2"})
	if _, ok := got[pwKey+"[anna]"]; ok {
		t.Error("password kept under the login name")
	}
}

// TestModels checks what the app reads from the catalogue: the directory
// URL form, the password limit and the files the firmware asks for.
func TestModels(t *testing.T) {
	for _, m := range yealink.Models() {
		if m.Kind == switchboard.KindDECTHandset {
			if m.URLForm != switchboard.URLNone || len(m.Files) != 0 {
				t.Errorf("%s: a handset fetches nothing, got %q %q", m.ID, m.URLForm, m.Files)
			}
			continue
		}
		if got := m.ProvisioningURL("https://prov.example.net:8448/", "k"); got != "https://prov.example.net:8448/k/" {
			t.Errorf("%s: provisioning URL %q, want the directory form", m.ID, got)
		}
		if m.MaxPassword != 26 || m.FitPassword(strings.Repeat("7", 40)) != strings.Repeat("7", 26) {
			t.Errorf("%s: MaxPassword %d, want 26 (32 characters for admin:<password>)", m.ID, m.MaxPassword)
		}
		for _, f := range []string{"{mac}.boot", "y000000000000.boot", "{mac}-local.cfg"} {
			if !strings.Contains(strings.Join(m.OtherFiles, " "), f) {
				t.Errorf("%s: OtherFiles %q lack %s", m.ID, m.OtherFiles, f)
			}
		}
		if m.Files[len(m.Files)-1] != "{mac}.cfg" {
			t.Errorf("%s: files %q, the MAC file comes last", m.ID, m.Files)
		}
	}
}
