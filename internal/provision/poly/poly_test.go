package poly_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/poly"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func model(t *testing.T, id string) switchboard.Model {
	t.Helper()
	for _, m := range poly.Models() {
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
		Model: m.ID, MAC: "0004f2a1b2c3",
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     "https://fw.example.net/poly/sip.ld",
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
		{"poly-vvx450", 2, false}, {"poly-edge-e450", 1, true},
	} {
		m := model(t, tc.id)
		p := sample(m, tc.lines)
		p.Keys = []switchboard.FunctionKey{
			{Module: 1, Index: 3, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
			{Module: 0, Index: 2, Type: switchboard.KeyBLF, Value: "201", Label: "Ben & Co"},
		}
		if m.Modules == 0 {
			p.Keys = p.Keys[1:]
		}
		if tc.tls {
			p.Server.Encrypt()
			p.Server.Proxy = "proxy.example.net"
		}
		files, err := poly.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		golden(t, tc.id, files)
		merged := map[string]string{}
		for _, f := range files {
			parsed, err := poly.Parse(f.Body)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.id, f.Name, err)
			}
			for k, v := range parsed {
				merged[k] = v
			}
		}
		if merged["CONFIG_FILES"] != "[PHONE_MAC_ADDRESS]-user.cfg" || files[1].Name != "0004f2a1b2c3-user.cfg" {
			t.Errorf("%s: the master file does not point at the device file", tc.id)
		}
		for i, l := range p.Lines {
			a, err := poly.Account(merged, i+1)
			if err != nil {
				t.Fatalf("%s line %d: %v", tc.id, i+1, err)
			}
			if a.Username != l.Username || a.AuthName != l.AuthName || a.Password != l.Password || a.DisplayName != l.DisplayName ||
				a.Registrar != p.Server.Registrar || a.Port != p.Server.ActivePort() || a.Transport != p.Server.Transport || a.SRTP != p.Server.SRTP {
				t.Errorf("%s line %d: parsed %v, rendered %+v over %+v", tc.id, i+1, a, l, p.Server)
			}
		}
		if merged["attendant.resourceList.1.label"] != "Ben & Co" {
			t.Errorf("%s: keys are not in key order or the label lost its escaping: %q", tc.id, merged["attendant.resourceList.1.label"])
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "no XML element"},
		{"not xml", "reg.1.address=1", "no XML element"},
		{"broken", "<a x=\"1\"", "poly:"},
		{"twice", `<a x="1"/><b x="2"/>`, "set twice"},
	} {
		if _, err := poly.Parse([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestIdentify(t *testing.T) {
	for _, tc := range []struct {
		ua, file string
		ok       bool
		want     switchboard.Identity
	}{
		{"FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", "0004f2a1b2c3-user.cfg", true, switchboard.Identity{Vendor: "poly", Model: "poly-vvx450", MAC: "0004f2a1b2c3"}},
		{"FileTransport PolyEdge-Edge_E450-UA/8.0.0.15602 Type/Application", "", true, switchboard.Identity{Vendor: "poly", Model: "poly-edge-e450"}},
		{"FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application", "", true, switchboard.Identity{Vendor: "poly"}},
		{"FileTransport PolycomSoundPointIP-SPIP_335-UA/3.2.1.0078", "", true, switchboard.Identity{Vendor: "poly"}},
		{"", "0004F2A1B2C3.cfg", true, switchboard.Identity{Vendor: "poly", MAC: "0004f2a1b2c3"}},
		{"", "001565bd56d4.cfg", false, switchboard.Identity{Vendor: "poly", MAC: "001565bd56d4"}},
		{"", "000000000000.cfg", false, switchboard.Identity{Vendor: "poly"}},
		{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "", false, switchboard.Identity{Vendor: "poly"}},
	} {
		got, ok := poly.Identify(tc.ua, tc.file)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", tc.ua, tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<polycomConfig><reg reg.1.address="a@b" reg.1.server.1.port="5060" reg.1.server.1.transport="TLS"/></polycomConfig>`))
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a \"b\">]><x y=\"&a;\"/>"))
	if b, err := os.ReadFile("testdata/poly-vvx450.golden"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := poly.Parse(body); err == nil {
			_, _ = poly.Account(parsed, 1)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	f.Add("FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", "0004f2a1b2c3-user.cfg")
	f.Add("FileTransport Poly", "../0004f2a1b2c3.cfg")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := poly.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}
