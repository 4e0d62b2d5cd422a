package grandstream_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/grandstream"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func model(t *testing.T, id string) switchboard.Model {
	t.Helper()
	for _, m := range grandstream.Models() {
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
		Model: m.ID, MAC: "000b828aa872",
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     "https://fw.example.net/grandstream/fw.bin",
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
		kept := p.Keys[:0]
		for _, k := range p.Keys {
			if k.Module <= m.Modules && m.SupportsKey(k.Type) {
				kept = append(kept, k)
			}
		}
		p.Keys = kept
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
		{"grandstream-grp2614", 1, false}, {"grandstream-gxp2135", 1, true},
	} {
		m := model(t, tc.id)
		p := sample(m, tc.lines)
		if tc.tls {
			p.Server.Encrypt()
		}
		files, err := grandstream.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		golden(t, tc.id, files)
		merged := map[string]string{}
		for _, f := range files {
			parsed, err := grandstream.Parse(f.Body)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.id, f.Name, err)
			}
			for k, v := range parsed {
				merged[k] = v
			}
		}
		for i, l := range p.Lines {
			a, err := grandstream.Account(merged, i+1)
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

func TestIdentify(t *testing.T) {
	for _, tc := range []struct {
		ua, file string
		ok       bool
		want     switchboard.Identity
	}{
		{"Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872", "", true, switchboard.Identity{Vendor: "grandstream", Model: "grandstream-gxp2135", MAC: "000b828aa872"}},
		{"Grandstream Model HW GRP2614 SW 1.0.5.15 DevId c074ad0b63ee", "cfgc074ad0b63ee.xml", true, switchboard.Identity{Vendor: "grandstream", Model: "grandstream-grp2614", MAC: "c074ad0b63ee"}},
		{"Grandstream Model HW GXP2200 V2.2A SW 1.0.1.33 DevId 000b82462d97", "cfg000b82462d98.xml", true, switchboard.Identity{Vendor: "grandstream", MAC: "000b82462d98", Conflict: true}},
		{"", "cfg000b828aa872", true, switchboard.Identity{Vendor: "grandstream", MAC: "000b828aa872"}},
		{"", "000b828aa872.xml", false, switchboard.Identity{Vendor: "grandstream"}},
	} {
		got, ok := grandstream.Identify(tc.ua, tc.file)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", tc.ua, tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("<gs_provision><config><P271>1</P271><P35>u</P35><P47>h:5060</P47></config></gs_provision>"))
	if b, err := os.ReadFile("testdata/grandstream-grp2614.golden"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := grandstream.Parse(body); err == nil {
			_, _ = grandstream.Account(parsed, 1)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	f.Add("Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872", "cfg000b828aa872.xml")
	f.Add("\xff\x00", "../../cfg.xml")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := grandstream.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "no <gs_provision>"},
		{"other root", "<settings/>", "not <gs_provision>"},
		{"twice", "<gs_provision><config><P2>1</P2><P2>2</P2></config></gs_provision>", "set twice"},
		{"nested", "<gs_provision><config><P2><x/></P2></config></gs_provision>", "contains an element"},
	} {
		if _, err := grandstream.Parse([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestKeys(t *testing.T) {
	m := model(t, "grandstream-grp2614")
	files, err := grandstream.Render(sample(m, 1), m)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := grandstream.Parse(files[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"P23000": "Line", "P23005": "BLF", "P23008": "201", "P23007": "Ben", "P23010": "SpeedDial", "P23013": "*21#"} {
		if parsed[k] != want {
			t.Errorf("%s = %q, want %q", k, parsed[k], want)
		}
	}
	if files[0].Name != "cfg000b828aa872.xml" {
		t.Errorf("file name %q", files[0].Name)
	}
}
