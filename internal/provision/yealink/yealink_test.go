package yealink_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
	"github.com/switchboard-pbx/switchboard/internal/provision/yealink"
)

const header = "#!version:1.0.0.1"

var kit = vendortest.Vendor{
	Family: yealink.Family, MAC: "001565bd56d4", FirmwareURL: "https://fw.example.net/yealink/t54w.rom",
	Golden: []vendortest.Case{
		{ID: "yealink-t46s", Lines: 2}, {ID: "yealink-t54w", Lines: 1, TLS: true},
		{ID: "yealink-w70b", Lines: 3}, {ID: "yealink-w80b", Lines: 2, TLS: true},
	},
	Values: []vendortest.ValuesCase{
		{
			Name: "DECT mapping", Model: "yealink-w70b", Lines: 3,
			Change: func(p *switchboard.Profile) {
				p.Handsets = []switchboard.Handset{{Index: 1, Name: "Desk", Lines: []int{2, 1}}, {Index: 4, Name: "Store", Lines: []int{3}}}
			},
			Want: map[string]string{
				"handset.1.incoming_lines": "2,1", "handset.1.dial_out_default_line": "2", "handset.1.name": "Desk",
				"handset.4.incoming_lines": "3", "handset.4.dial_out_lines": "3",
			},
			Absent: []string{"handset.2.name"},
		},
		{
			Name: "values stay on their line", Model: "yealink-t54w", Lines: 1,
			Change: func(p *switchboard.Profile) {
				p.Lines[0].DisplayName = "Anna\nstatic.security.user_password = admin:0000"
			},
			Want: map[string]string{"static.security.user_password[admin]": "admin:1234567890123456789012345678901234567890"},
		},
	},
	Identities: []vendortest.IdentifyCase{
		{UA: "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", File: "", OK: true, Model: "yealink-t46s", MAC: "001565bd56d4"},
		{UA: "Yealink SIP-T54W 96.86.0.100 001565f429a4", File: "001565f429a4.cfg", OK: true, Model: "yealink-t54w", MAC: "001565f429a4"},
		{UA: "Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", File: "", OK: true, Model: "yealink-w70b", MAC: "805e0c1d654e"},
		{UA: "Yealink W80B 103.87.0.10 80:5e:0c:1d:65:4f", File: "", OK: true, Model: "yealink-w80b", MAC: "805e0c1d654f"},
		{UA: "Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0", File: "", OK: true},
		{UA: "", File: "y000000000096.cfg", OK: true, Model: "yealink-t54w"},
		{UA: "", File: "001565BD56D4.cfg", OK: true, MAC: "001565bd56d4"},
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
	},
	ParseSeeds: []string{header + "\na = b\n", header + "\nstatic.security.user_password = admin:1\n", "", "\x00", header + "\n=\n"},
	IdentifySeeds: [][2]string{
		{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "001565bd56d4.cfg"},
		{"Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", "y000000000146.cfg"},
		{"Yealink-\x00\xff", "../../etc/passwd"},
		{"", "%2e%2e/001565bd56d4.cfg"},
	},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }

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
	vendortest.CheckValues(t, got, map[string]string{"static.security.user_password[admin]": "admin:1", "static.security.user_password[user]": "user:2", "x": "a = b"})
}
