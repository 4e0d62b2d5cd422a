package gigaset_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/gigaset"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func model(t *testing.T, id string) switchboard.Model {
	t.Helper()
	for _, m := range gigaset.Models() {
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
		Model: m.ID, MAC: "7c2f80e0d605",
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     "https://fw.example.net/gigaset/n870.bin",
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
		{"gigaset-n670", 2, false}, {"gigaset-n870", 3, true},
	} {
		m := model(t, tc.id)
		p := sample(m, tc.lines)
		if tc.tls {
			p.Server.Encrypt()
		}
		files, err := gigaset.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		golden(t, tc.id, files)
		parsed, err := gigaset.Parse(files[0].Body)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		for i, l := range p.Lines {
			a, err := gigaset.Account(parsed, i+1)
			if err != nil {
				t.Fatalf("%s line %d: %v", tc.id, i+1, err)
			}
			if a.Username != l.Username || a.AuthName != l.AuthName || a.Password != l.Password || a.DisplayName != l.DisplayName ||
				a.Registrar != p.Server.Registrar || a.Port != p.Server.ActivePort() || a.Transport != p.Server.Transport || a.SRTP != p.Server.SRTP {
				t.Errorf("%s line %d: parsed %v, rendered %+v over %+v", tc.id, i+1, a, l, p.Server)
			}
		}
	}
}

func TestRenderHandsetMapping(t *testing.T) {
	m := model(t, "gigaset-n670")
	p := sample(m, 3)
	p.Handsets = []switchboard.Handset{{Index: 2, Name: "Store", Lines: []int{3}}, {Index: 5, Name: "Desk", Lines: []int{1, 2}}}
	files, err := gigaset.Render(p, m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := gigaset.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"SipAccount.00002.UserName": p.Lines[2].Username, "SipAccount.00005.UserName": p.Lines[0].Username,
		"add_hs.00002": "", "add_hs.00005.hs.RegStatus": "ToReg",
	} {
		if got, ok := parsed[k]; !ok || got != want {
			t.Errorf("%s = %q (present %v), want %q", k, got, ok, want)
		}
	}
	if _, ok := parsed["SipAccount.00001.UserName"]; ok {
		t.Error("handset 1 is not attached but has an account")
	}
	if bytes.Contains(files[0].Body, []byte(p.Lines[1].Password)) {
		t.Error("line 2 is no handset's first line but its password is in the profile")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "no <provisioning>"},
		{"other root", `<settings/>`, "not <provisioning>"},
		{"twice", `<provisioning><nvm><param name="a" value="1"/><param name="a" value="2"/></nvm></provisioning>`, "set twice"},
		{"nameless", `<provisioning><param value="1"/></provisioning>`, "no name"},
		{"broken", `<provisioning><param`, "gigaset:"},
	} {
		if _, err := gigaset.Parse([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
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
		{"Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", "", true, switchboard.Identity{Vendor: "gigaset", Model: "gigaset-n870", MAC: "7c2f80e0d605"}},
		{"Gigaset N670 IP PRO/83.V2.49.1+build.abc;7C2F80E0D606", "7c2f80e0d606.xml", true, switchboard.Identity{Vendor: "gigaset", Model: "gigaset-n670", MAC: "7c2f80e0d606"}},
		{"Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", "7c2f80e0d606.xml", true, switchboard.Identity{Vendor: "gigaset", Model: "gigaset-n870", MAC: "7c2f80e0d606", Conflict: true}},
		{"", "589ec6000001.xml", true, switchboard.Identity{Vendor: "gigaset", MAC: "589ec6000001"}},
		{"", "001565000001.xml", false, switchboard.Identity{Vendor: "gigaset", MAC: "001565000001"}},
		{"Gigaset", "x.xml", false, switchboard.Identity{Vendor: "gigaset"}},
	} {
		got, ok := gigaset.Identify(tc.ua, tc.file)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", tc.ua, tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<provisioning><nvm><oper name="add_hs" value="00001"><param name="x" value="y"/></oper></nvm></provisioning>`))
	if b, err := os.ReadFile("testdata/gigaset-n670.golden"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := gigaset.Parse(body); err == nil {
			_, _ = gigaset.Account(parsed, 1)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	f.Add("Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", "7c2f80e0d605.xml")
	f.Add("\"Gigaset N", ";;;;")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := gigaset.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}
