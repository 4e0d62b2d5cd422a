package yealink_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/yealink"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func model(t *testing.T, id string) switchboard.Model {
	t.Helper()
	for _, m := range yealink.Models() {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("model %s not in the catalogue", id)
	return switchboard.Model{}
}

// sample is a profile with n lines, keys on the phone and on module 1 when
// the model has them, and one handset per line for a base.
func sample(m switchboard.Model, n int) *switchboard.Profile {
	p := &switchboard.Profile{
		Model: m.ID, MAC: "001565bd56d4",
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     "https://fw.example.net/yealink/t54w.rom",
	}
	for i := 1; i <= n; i++ {
		p.Lines = append(p.Lines, switchboard.ProfileLine{
			Username: fmt.Sprintf("u%02dsample", i), AuthName: fmt.Sprintf("a%02dsample", i), Password: fmt.Sprintf("Secret%02dPass", i),
			DisplayName: fmt.Sprintf("Anna Muster %d", i), Label: fmt.Sprintf("Line %d", i), Voicemail: "*86",
		})
		if m.Handsets > 0 {
			p.Handsets = append(p.Handsets, switchboard.Handset{Index: i, Name: fmt.Sprintf("Handset %d", i), Lines: []int{i}})
		}
	}
	if m.LineKeys > 0 {
		p.Keys = []switchboard.FunctionKey{
			{Module: 0, Index: 1, Type: switchboard.KeyLine, Value: "1", Label: "Anna"},
			{Module: 0, Index: 2, Type: switchboard.KeyBLF, Value: "201", Label: "Ben"},
			{Module: 0, Index: 3, Type: switchboard.KeySpeedDial, Value: "*21#", Label: "Forward"},
			{Module: 0, Index: 4, Type: switchboard.KeyVoicemail, Label: "Mailbox"},
			{Module: 1, Index: 1, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
			{Module: 1, Index: 2, Type: switchboard.KeyGroup, Value: "600", Label: "Sales"},
		}
	}
	return p
}

// golden joins the rendered files and compares them with testdata/<name>.
func golden(t *testing.T, name string, files []switchboard.File) {
	t.Helper()
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "=== %s (%s)\n%s\n", f.Name, f.ContentType, f.Body)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%s differs from the golden file %s:\n%s", name, path, b.String())
	}
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		id    string
		lines int
		tls   bool
	}{
		{"yealink-t46s", 2, false}, {"yealink-t54w", 1, true}, {"yealink-w70b", 3, false}, {"yealink-w80b", 2, true},
	} {
		m := model(t, tc.id)
		p := sample(m, tc.lines)
		if tc.tls {
			p.Server.Encrypt()
		}
		files, err := yealink.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		golden(t, tc.id, files)
		parsed, err := yealink.Parse(files[0].Body)
		if err != nil {
			t.Fatalf("%s: parse of rendered file: %v", tc.id, err)
		}
		for i, l := range p.Lines {
			a, err := yealink.Account(parsed, i+1)
			if err != nil {
				t.Fatalf("%s line %d: %v", tc.id, i+1, err)
			}
			if a.Username != l.Username || a.AuthName != l.AuthName || a.Password != l.Password || a.DisplayName != l.DisplayName ||
				a.Registrar != p.Server.Registrar || a.Port != p.Server.ActivePort() || a.Transport != p.Server.Transport || a.SRTP != p.Server.SRTP {
				t.Errorf("%s line %d: parsed %v, rendered %+v over %+v", tc.id, i+1, a, l, p.Server)
			}
		}
		for _, f := range files[1:] {
			if _, err := yealink.Parse(f.Body); err != nil {
				t.Errorf("%s: common file %s: %v", tc.id, f.Name, err)
			}
		}
	}
}

func TestRenderDECTMapping(t *testing.T) {
	m := model(t, "yealink-w70b")
	p := sample(m, 3)
	p.Handsets = []switchboard.Handset{{Index: 1, Name: "Desk", Lines: []int{2, 1}}, {Index: 4, Name: "Store", Lines: []int{3}}}
	files, err := yealink.Render(p, m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := yealink.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"handset.1.incoming_lines": "2,1", "handset.1.dial_out_default_line": "2", "handset.1.name": "Desk",
		"handset.4.incoming_lines": "3", "handset.4.dial_out_lines": "3",
	} {
		if parsed[k] != want {
			t.Errorf("%s = %q, want %q", k, parsed[k], want)
		}
	}
	if _, ok := parsed["handset.2.name"]; ok {
		t.Error("handset 2 is not mapped but appears in the profile")
	}
}

func TestRenderRefuses(t *testing.T) {
	m := model(t, "yealink-t54w")
	p := sample(m, 17)
	if _, err := yealink.Render(p, m); err == nil || !strings.Contains(err.Error(), "carries 16 line(s)") {
		t.Errorf("17 lines on a T54W: %v", err)
	}
	other := m
	other.Vendor = "snom"
	if _, err := yealink.Render(sample(m, 1), other); err == nil {
		t.Error("rendered a model of another vendor")
	}
}

func TestRenderValuesStayOnTheirLine(t *testing.T) {
	m := model(t, "yealink-t54w")
	p := sample(m, 1)
	p.Lines[0].DisplayName = "Anna\nstatic.security.user_password = admin:0000"
	files, err := yealink.Render(p, m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := yealink.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	if parsed["static.security.user_password[admin]"] != "admin:"+p.AdminPassword {
		t.Errorf("a display name with a line break changed the admin password: %q", parsed["static.security.user_password[admin]"])
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"no header", "account.1.enable = 1\n", "first line"},
		{"empty", "", "empty"},
		{"no equals", header + "\naccount.1.enable\n", "not key = value"},
		{"key with space", header + "\nacc ount = 1\n", "not key = value"},
		{"duplicate", header + "\na = 1\na = 2\n", "second time"},
		{"password without user", header + "\nstatic.security.user_password = 1234\n", "user:password"},
		{"password twice per user", header + "\nstatic.security.user_password = admin:1\nstatic.security.user_password = admin:2\n", "second time"},
	} {
		if _, err := yealink.Parse([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want error containing %q", tc.name, err, tc.want)
		}
	}
	got, err := yealink.Parse([]byte(header + "\r\n# comment\r\n\r\nstatic.security.user_password = admin:1\r\nstatic.security.user_password = user:2\r\nx = a = b\r\n"))
	if err != nil || got["static.security.user_password[admin]"] != "admin:1" || got["static.security.user_password[user]"] != "user:2" || got["x"] != "a = b" {
		t.Errorf("CRLF file: %v %v", got, err)
	}
}

const header = "#!version:1.0.0.1"

func TestIdentify(t *testing.T) {
	for _, tc := range []struct {
		ua, file string
		ok       bool
		want     switchboard.Identity
	}{
		{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-t46s", MAC: "001565bd56d4"}},
		{"Yealink SIP-T54W 96.86.0.100 001565f429a4", "001565f429a4.cfg", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-t54w", MAC: "001565f429a4"}},
		{"Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", "", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-w70b", MAC: "805e0c1d654e"}},
		{"Yealink W80B 103.87.0.10 80:5e:0c:1d:65:4f", "", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-w80b", MAC: "805e0c1d654f"}},
		{"Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0", "", true, switchboard.Identity{Vendor: "yealink"}},
		{"", "y000000000096.cfg", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-t54w"}},
		{"", "001565BD56D4.cfg", true, switchboard.Identity{Vendor: "yealink", MAC: "001565bd56d4"}},
		{"", "0c383e07e16c.cfg", false, switchboard.Identity{Vendor: "yealink", MAC: "0c383e07e16c"}},
		{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "001565000001.cfg", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-t46s", MAC: "001565000001", Conflict: true}},
		{"Mozilla/5.0", "index.html", false, switchboard.Identity{Vendor: "yealink"}},
		{"Yealink SIP-T46S 66.86.0.160 00:00:00:00:00:00", "", true, switchboard.Identity{Vendor: "yealink", Model: "yealink-t46s"}},
		{"Yealink SIP-" + strings.Repeat("T", 600), "", false, switchboard.Identity{Vendor: "yealink"}},
	} {
		got, ok := yealink.Identify(tc.ua, tc.file)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", tc.ua, tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{header + "\na = b\n", header + "\nstatic.security.user_password = admin:1\n", "", "\x00", header + "\n=\n"} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("testdata/yealink-t46s.golden"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		parsed, err := yealink.Parse(body)
		if err == nil {
			_, _ = yealink.Account(parsed, 1)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	f.Add("Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "001565bd56d4.cfg")
	f.Add("Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", "y000000000146.cfg")
	f.Add("Yealink-\x00\xff", "../../etc/passwd")
	f.Add("", "%2e%2e/001565bd56d4.cfg")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := yealink.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}
