package snom_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/snom"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func model(t *testing.T, id string) switchboard.Model {
	t.Helper()
	for _, m := range snom.Models() {
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
		Model: m.ID, MAC: "00041396d9b4",
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     "https://fw.example.net/snom/d785.bin",
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
		{"snom-d785", 2, false}, {"snom-d735", 1, true},
	} {
		m := model(t, tc.id)
		p := sample(m, tc.lines)
		if tc.tls {
			p.Server.Encrypt()
		}
		files, err := snom.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		golden(t, tc.id, files)
		parsed, err := snom.Parse(files[0].Body)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		for i, l := range p.Lines {
			a, err := snom.Account(parsed, i+1)
			if err != nil {
				t.Fatalf("%s line %d: %v", tc.id, i+1, err)
			}
			if a.Username != l.Username || a.AuthName != l.AuthName || a.Password != l.Password || a.DisplayName != l.DisplayName ||
				a.Registrar != p.Server.Registrar || a.Port != p.Server.ActivePort() || a.Transport != p.Server.Transport || a.SRTP != p.Server.SRTP {
				t.Errorf("%s line %d: parsed %v, rendered %+v over %+v", tc.id, i+1, a, l, p.Server)
			}
		}
		if _, err := snom.Parse(files[1].Body); err != nil {
			t.Errorf("%s: model file: %v", tc.id, err)
		}
	}
}

func TestFunctionKeys(t *testing.T) {
	m := model(t, "snom-d785")
	p := sample(m, 1)
	files, err := snom.Render(p, m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := snom.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"fkey[0]": "line", "fkey[0].context": "1", "fkey[1]": "blf sip:201@acme.sip.example", "fkey[2]": "speed *21#",
		"fkey[24]": "dest sip:202@acme.sip.example", "fkey[25].label": "Sales",
	} {
		if parsed[k] != want {
			t.Errorf("%s = %q, want %q", k, parsed[k], want)
		}
	}
	if files[0].Name != "snomD785-00041396D9B4.htm" || files[1].Name != "snomD785.htm" {
		t.Errorf("file names %q, %q", files[0].Name, files[1].Name)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "no <settings>"},
		{"other root", "<provisioning/>", "not <settings>"},
		{"twice", `<settings><phone-settings><a>1</a><a>2</a></phone-settings></settings>`, "set twice"},
		{"nested", `<settings><phone-settings><a><b>1</b></a></phone-settings></settings>`, "contains an element"},
	} {
		if _, err := snom.Parse([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestIdentify(t *testing.T) {
	const ua = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)"
	for _, tc := range []struct {
		ua, file string
		ok       bool
		want     switchboard.Identity
	}{
		{ua, "", true, switchboard.Identity{Vendor: "snom", Model: "snom-d785", MAC: "00041396d9b4"}},
		{ua, "snomD785-00041396D9B4.htm", true, switchboard.Identity{Vendor: "snom", Model: "snom-d785", MAC: "00041396d9b4"}},
		{ua, "snomD785-000413000001.htm", true, switchboard.Identity{Vendor: "snom", Model: "snom-d785", MAC: "000413000001", Conflict: true}},
		{"snom320-SIP 8.4.18 1.1.3-s", "", true, switchboard.Identity{Vendor: "snom"}},
		{"", "snomD735.htm", true, switchboard.Identity{Vendor: "snom", Model: "snom-d735"}},
		{"", "000413A11FA7.xml", true, switchboard.Identity{Vendor: "snom", MAC: "000413a11fa7"}},
		{"", "001565A11FA7.xml", false, switchboard.Identity{Vendor: "snom"}},
	} {
		got, ok := snom.Identify(tc.ua, tc.file)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", tc.ua, tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<settings><phone-settings><user_name idx="1" perm="R">a</user_name></phone-settings></settings>`))
	if b, err := os.ReadFile("testdata/snom-d785.golden"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := snom.Parse(body); err == nil {
			_, _ = snom.Account(parsed, 1)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	f.Add("Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)", "snomD785-00041396D9B4.htm")
	f.Add("snom-SIP", "snom.htm")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := snom.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}
