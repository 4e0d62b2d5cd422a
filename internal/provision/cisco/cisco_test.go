package cisco_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/cisco"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func model(t *testing.T, id string) switchboard.Model {
	t.Helper()
	for _, m := range cisco.Models() {
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
		Model: m.ID, MAC: "00562b043615",
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     "https://fw.example.net/cisco/sip88xx.loads",
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
		{"cisco-cp-8841", 2, false}, {"cisco-cp-7821", 1, true}, {"cisco-cp-6851", 4, false},
	} {
		m := model(t, tc.id)
		p := sample(m, tc.lines)
		if tc.tls {
			p.Server.Encrypt()
		}
		files, err := cisco.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		golden(t, tc.id, files)
		merged := map[string]string{}
		for _, f := range files {
			parsed, err := cisco.Parse(f.Body)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.id, f.Name, err)
			}
			for k, v := range parsed {
				merged[k] = v
			}
		}
		for i, l := range p.Lines {
			a, err := cisco.Account(merged, i+1)
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
		{"Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "", true, switchboard.Identity{Vendor: "cisco", Model: "cisco-cp-8841", MAC: "00562b043615"}},
		{"Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", "", true, switchboard.Identity{Vendor: "cisco", MAC: "0002fdff2103"}},
		{"Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", "spa0002fdff2104.xml", true, switchboard.Identity{Vendor: "cisco", MAC: "0002fdff2104", Conflict: true}},
		{"", "00562b043615.xml", false, switchboard.Identity{Vendor: "cisco", MAC: "00562b043615"}},
		{"Cisco", "", false, switchboard.Identity{Vendor: "cisco"}},
	} {
		got, ok := cisco.Identify(tc.ua, tc.file)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", tc.ua, tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("<flat-profile><Line_Enable_1_>Yes</Line_Enable_1_><User_ID_1_>a</User_ID_1_><Proxy_1_>h:5060</Proxy_1_></flat-profile>"))
	if b, err := os.ReadFile("testdata/cisco-cp-8841.golden"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := cisco.Parse(body); err == nil {
			_, _ = cisco.Account(parsed, 1)
		}
	})
}

func FuzzIdentify(f *testing.F) {
	f.Add("Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "00562b043615.xml")
	f.Add("\xff\x00", "../../cfg.xml")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := cisco.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "", "no <flat-profile>"},
		{"other root", "<settings/>", "not <flat-profile>"},
		{"twice", "<flat-profile><A>1</A><A>2</A></flat-profile>", "set twice"},
		{"nested", "<flat-profile><A><B/></A></flat-profile>", "contains an element"},
	} {
		if _, err := cisco.Parse([]byte(tc.body)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
