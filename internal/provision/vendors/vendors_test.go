package vendors_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kinds = map[switchboard.DeviceKind]bool{
	switchboard.KindDeskPhone: true, switchboard.KindDECTBase: true, switchboard.KindDECTHandset: true,
	switchboard.KindAdapter: true, switchboard.KindDesktopClient: true, switchboard.KindMobileClient: true,
	switchboard.KindWebPhone: true, switchboard.KindUniversal: true,
}

func catalogue(t *testing.T) *vendors.Catalogue {
	t.Helper()
	c, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCatalogue(t *testing.T) {
	c := catalogue(t)
	ms := c.Models()
	if len(ms) < 20 {
		t.Fatalf("only %d models in the catalogue", len(ms))
	}
	ids := map[string]bool{}
	for _, m := range ms {
		if ids[m.ID] {
			t.Errorf("model id %q appears twice", m.ID)
		}
		ids[m.ID] = true
	}
	for _, m := range ms {
		name := m.ID
		switch {
		case m.ID == "" || strings.TrimSpace(m.Name) == "" || m.Vendor == "":
			t.Errorf("%s: id, name and vendor are required: %+v", name, m)
		case !kinds[m.Kind]:
			t.Errorf("%s: kind %q is not one of DESIGN §5", name, m.Kind)
		case m.Lines < 1:
			t.Errorf("%s: carries no line", name)
		case m.CanSync != (m.SyncEvent != "") || m.CanReboot != (m.RebootEvent != ""):
			t.Errorf("%s: CanSync/CanReboot disagree with the events %q/%q", name, m.SyncEvent, m.RebootEvent)
		case m.FactoryReset == "" || len(m.ManualSteps) == 0:
			t.Errorf("%s: factory reset and manual steps are required", name)
		case !translated(m, "de") || !translated(m, "fr"):
			t.Errorf("%s: factory reset and manual steps are required in German and French, step for step (%d English steps): %+v", name, len(m.ManualSteps), m.Manuals)
		case m.URLForm != switchboard.URLFile && m.URLForm != switchboard.URLDirectory && m.URLForm != switchboard.URLNone:
			t.Errorf("%s: URL form %q", name, m.URLForm)
		case m.URLForm != switchboard.URLNone && len(m.Files) == 0:
			t.Errorf("%s: fetches a profile but names no file", name)
		case (m.Kind == switchboard.KindDECTBase) != (m.Handsets > 0):
			t.Errorf("%s: only DECT bases carry handsets (%d)", name, m.Handsets)
		case (m.Kind == switchboard.KindDECTHandset) != (len(m.Bases) > 0):
			t.Errorf("%s: only handsets name their bases (%v)", name, m.Bases)
		case m.LineKeys == 0 && (m.Modules > 0 || len(m.KeyTypes) > 0):
			t.Errorf("%s: key types or modules without keys", name)
		case m.Modules > 0 && m.ModuleKeys == 0:
			t.Errorf("%s: modules without keys", name)
		}
		for _, o := range m.OtherFiles {
			for _, f := range m.Files {
				if o == f {
					t.Errorf("%s: %q is both served and among the other files", name, o)
				}
			}
		}
		for _, b := range m.Bases {
			bm, ok := c.Model(b)
			if !ok || bm.Kind != switchboard.KindDECTBase || bm.Vendor != m.Vendor {
				t.Errorf("%s: base %q is not a DECT base of the same vendor", name, b)
			}
		}
		if _, ok := vendors.Lookup(m.Vendor); !ok {
			t.Errorf("%s: vendor %q has no family", name, m.Vendor)
		}
		if got, ok := c.Model(m.ID); !ok || got.ID != m.ID {
			t.Errorf("%s: Model(id) does not find it", name)
		}
	}
	if _, ok := c.Model("no-such-model"); ok {
		t.Error("found a model that does not exist")
	}
	ms[0].KeyTypes = append(ms[0].KeyTypes[:0], "changed")
	if again := c.Models(); len(again[0].KeyTypes) > 0 && again[0].KeyTypes[0] == "changed" {
		t.Error("a caller changed the catalogue through a returned model")
	}
}

// sampleKeys returns one key of every type the model supports, plus one
// on the first expansion module.
func sampleKeys(m switchboard.Model) []switchboard.FunctionKey {
	values := map[switchboard.KeyType]string{
		switchboard.KeyLine: "1", switchboard.KeySpeedDial: "*21#", switchboard.KeyBLF: "201",
		switchboard.KeyExtension: "202", switchboard.KeyGroup: "600",
	}
	var keys []switchboard.FunctionKey
	for i, t := range m.KeyTypes {
		if i >= m.LineKeys {
			break
		}
		keys = append(keys, switchboard.FunctionKey{Index: i + 1, Type: t, Value: values[t], Label: "K" + string(t)})
	}
	if m.Modules > 0 && len(m.KeyTypes) > 0 {
		t := m.KeyTypes[len(m.KeyTypes)-1]
		keys = append(keys, switchboard.FunctionKey{Module: 1, Index: m.ModuleKeys, Type: t, Value: values[t], Label: "M"})
	}
	return keys
}

// sample builds a profile whose every secret carries tag, so that a test
// can tell one device's secrets from another's. The device passwords are
// digits (seed 004), with a digit derived from the tag.
func sample(m switchboard.Model, tag string) *switchboard.Profile {
	d := strconv.Itoa(int(tag[0]) % 10)
	p := &switchboard.Profile{
		Model: m.ID,
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		Keys:          sampleKeys(m),
		AdminPassword: m.FitPassword("9" + d + strings.Repeat("31"+d, 12) + "58"), WebUser: "web" + tag, WebPassword: "4" + d + "8" + d + "6" + d,
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: m.ProvisioningURL("https://prov.example.net:8448", strings.Repeat(tag, 48)),
	}
	n := min(m.Lines, 3)
	for i := 1; i <= n; i++ {
		p.Lines = append(p.Lines, switchboard.ProfileLine{
			Username: fmt.Sprintf("user%s%d", tag, i), AuthName: fmt.Sprintf("auth%s%d", tag, i),
			Password: fmt.Sprintf("Pw%sSecret%d", tag, i), DisplayName: fmt.Sprintf("Name %s %d", tag, i), Label: fmt.Sprintf("L%d", i),
			Voicemail: "*86",
		})
		if m.Handsets > 0 {
			p.Handsets = append(p.Handsets, switchboard.Handset{Index: i, Name: fmt.Sprintf("HS %d", i), Lines: []int{i}})
		}
	}
	return p
}

// renderable lists the models that fetch files of their own.
func renderable(t *testing.T) []switchboard.Model {
	var out []switchboard.Model
	for _, m := range catalogue(t).Models() {
		if f, _ := vendors.Lookup(m.Vendor); f.Parse != nil && m.Kind != switchboard.KindDECTHandset {
			out = append(out, m)
		}
	}
	return out
}

func TestEveryModelRenders(t *testing.T) {
	for _, m := range catalogue(t).Models() {
		if m.Kind == switchboard.KindDECTHandset {
			if _, err := vendors.Render(sample(m, "a"), m); err == nil {
				t.Errorf("%s: a handset rendered a profile of its own; its line belongs in the base's", m.ID)
			}
			continue
		}
		if _, err := vendors.Render(sample(m, "a"), m); err != nil {
			t.Errorf("%s: %v", m.ID, err)
		}
	}
}

// variants are the server settings every test renders with: plain UDP,
// TCP with optional SRTP, and the encrypted profile of seed 000.
var variants = []struct {
	name   string
	change func(*switchboard.SIPServer)
}{
	{"udp", func(*switchboard.SIPServer) {}},
	{"tcp+optional", func(s *switchboard.SIPServer) {
		s.Transport, s.SRTP = switchboard.TransportTCP, switchboard.SRTPOptional
	}},
	{"encrypted", func(s *switchboard.SIPServer) { s.Encrypt() }},
}

func TestEmittedKeysAreKnown(t *testing.T) {
	for _, m := range renderable(t) {
		f, _ := vendors.Lookup(m.Vendor)
		for _, v := range variants {
			p := sample(m, "a")
			p.FirmwareURL = "https://fw.example.net/fw.bin"
			p.Server.Proxy = "proxy.example.net"
			v.change(&p.Server)
			files, err := vendors.Render(p, m)
			if err != nil {
				t.Fatalf("%s: %v", m.ID, err)
			}
			for _, file := range files {
				parsed, err := f.Parse(file.Body)
				if err != nil {
					t.Fatalf("%s %s: does not parse: %v", m.ID, file.Name, err)
				}
				name := m.ID + " " + file.Name + " (" + v.name + ")"
				vendortest.CheckDocumented(t, name, parsed, f.Keys)
			}
		}
	}
}

func TestAccountsRoundTrip(t *testing.T) {
	for _, m := range renderable(t) {
		for _, v := range variants {
			p := sample(m, "a")
			v.change(&p.Server)
			files, err := vendors.Render(p, m)
			if err != nil {
				t.Fatalf("%s: %v", m.ID, err)
			}
			for i, l := range p.Lines {
				a, err := vendors.Account(m, files, i+1)
				if err != nil {
					t.Fatalf("%s line %d: %v", m.ID, i+1, err)
				}
				if a.Username != l.Username || a.Password != l.Password || a.Registrar != p.Server.Registrar {
					t.Errorf("%s line %d: read back %v, rendered %+v", m.ID, i+1, a, l)
				}
				if a.Transport != p.Server.Transport || a.Port != p.Server.ActivePort() || a.SRTP != p.Server.SRTP {
					t.Errorf("%s line %d (%s): read back %s/%d srtp=%s, want %s/%d srtp=%s", m.ID, i+1, v.name,
						a.Transport, a.Port, a.SRTP, p.Server.Transport, p.Server.ActivePort(), p.Server.SRTP)
				}
				if v.name == "encrypted" && (a.Transport != switchboard.TransportTLS || a.Port != 5061 || a.SRTP != switchboard.SRTPMandatory) {
					t.Errorf("%s line %d: encryption on but %s", m.ID, i+1, a)
				}
			}
		}
	}
}

func TestNoSecretOfAnotherDevice(t *testing.T) {
	for _, m := range catalogue(t).Models() {
		if m.Kind == switchboard.KindDECTHandset {
			continue
		}
		a, b := sample(m, "a"), sample(m, "b")
		fa, err := vendors.Render(a, m)
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		if _, err := vendors.Render(b, m); err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		secrets := []string{b.AdminPassword, b.WebPassword, b.ProvisioningURL}
		for _, l := range b.Lines {
			secrets = append(secrets, l.Password, l.Username)
		}
		for _, f := range fa {
			for _, s := range secrets {
				if s != "" && bytes.Contains(f.Body, []byte(s)) {
					t.Errorf("%s: the profile of device a carries %q of device b", m.ID, s)
				}
			}
		}
	}
}

func TestDECTBasesCarryHandsetLines(t *testing.T) {
	n := 0
	for _, m := range renderable(t) {
		if m.Kind != switchboard.KindDECTBase {
			continue
		}
		n++
		p := sample(m, "a")
		p.Handsets = []switchboard.Handset{{Index: 1, Name: "HS 1", Lines: []int{2}}, {Index: 2, Name: "HS 2", Lines: []int{1}}}
		files, err := vendors.Render(p, m)
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		var all []byte
		for _, f := range files {
			all = append(all, f.Body...)
		}
		for _, h := range p.Handsets {
			if !bytes.Contains(all, []byte(p.Lines[h.Lines[0]-1].Username)) {
				t.Errorf("%s: handset %d's line %d is missing from the base's profile", m.ID, h.Index, h.Lines[0])
			}
		}
	}
	if n < 3 {
		t.Fatalf("only %d DECT bases tested", n)
	}
}

func TestIdentifyRoutesToFamily(t *testing.T) {
	for _, tc := range []struct{ ua, file, vendor, model, mac string }{
		{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "", "yealink", "yealink-t46s", "001565bd56d4"},
		{"FileTransport PolycomVVX-VVX_450-UA/6.4.6.2660 Type/Application", "0004f2a1b2c3-user.cfg", "poly", "poly-vvx450", "0004f2a1b2c3"},
		{"Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)", "", "snom", "snom-d785", "00041396d9b4"},
		{"Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605", "", "gigaset", "gigaset-n870", "7c2f80e0d605"},
		{"Grandstream Model HW GRP2614 SW 1.0.5.15 DevId c074ad0b63ee", "", "grandstream", "grandstream-grp2614", "c074ad0b63ee"},
		{"Fanvil X4U 2.10.2.6887 0c383e07e16c", "", "fanvil", "fanvil-x4u", "0c383e07e16c"},
		{"Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "", "cisco", "cisco-cp-8841", "00562b043615"},
		{"AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", "00908f602aac.ini", "audiocodes", "audiocodes-mp-114", "00908f602aac"},
		{"Switchboard-Mobile/2.0", "", "softclient", "softclient-mobile", ""},
		{"", "0c383e07e16c.cfg", "fanvil", "", "0c383e07e16c"},
		{"", "0004f2a1b2c3.cfg", "poly", "", "0004f2a1b2c3"},
		{"", "001565a1b2c3.cfg", "yealink", "", "001565a1b2c3"},
	} {
		id, ok := vendors.Identify(tc.ua, tc.file)
		if !ok || id.Vendor != tc.vendor || id.Model != tc.model || id.MAC != tc.mac {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %s %s %s", tc.ua, tc.file, id, ok, tc.vendor, tc.model, tc.mac)
		}
	}
	for _, tc := range []struct{ ua, file string }{
		{"curl/8.0", "index.html"}, {"", "../../etc/passwd"}, {"", "%2e%2e%2f001565a1b2c3.cfg"}, {strings.Repeat("Yealink SIP-T46S ", 100), ""},
	} {
		if id, ok := vendors.Identify(tc.ua, tc.file); ok {
			t.Errorf("Identify(%q, %q) recognised %+v", tc.ua, tc.file, id)
		}
	}
}

func TestRenderedNamesAreTheModelsFiles(t *testing.T) {
	for _, m := range catalogue(t).Models() {
		if m.Kind == switchboard.KindDECTHandset {
			continue
		}
		files, err := vendors.Render(sample(m, "a"), m)
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		for _, f := range files {
			found := false
			for _, name := range m.Files {
				found = found || name == f.Name
			}
			if !found {
				t.Errorf("%s renders %q, which is not among the files it asks for %v", m.ID, f.Name, m.Files)
			}
			if f.ContentType == "" || len(f.Body) == 0 {
				t.Errorf("%s: %s has no content type or body", m.ID, f.Name)
			}
		}
	}
}

func TestFindFile(t *testing.T) {
	files := []switchboard.File{{Name: "{mac}.cfg"}, {Name: "snomD785-{MAC}.htm"}, {Name: "{key}.json"}, {Name: "y000000000096.cfg"}}
	for _, tc := range []struct{ req, mac, key, want string }{
		{"001565bd56d4.cfg", "001565bd56d4", "", "{mac}.cfg"},
		{"001565BD56D4.cfg", "001565bd56d4", "", "{mac}.cfg"},
		{"snomD785-001565BD56D4.htm", "001565bd56d4", "", "snomD785-{MAC}.htm"},
		{"y000000000096.cfg", "", "", "y000000000096.cfg"},
		{"abc.json", "", "abc", "{key}.json"},
		{"001565bd56d5.cfg", "001565bd56d4", "", ""},
		{"{mac}.cfg", "", "", ""},
		{".cfg", "", "", ""},
	} {
		f, ok := vendors.FindFile(files, tc.req, tc.mac, tc.key)
		if ok != (tc.want != "") || f.Name != tc.want {
			t.Errorf("FindFile(%q, mac %q, key %q) = %q, %v; want %q", tc.req, tc.mac, tc.key, f.Name, ok, tc.want)
		}
	}
}

func FuzzIdentify(f *testing.F) {
	f.Add("Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "001565bd56d4.cfg")
	f.Add("Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)", "snomD785-00041396D9B4.htm")
	f.Add("FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application", "0004f2000001-user.cfg")
	f.Add("\xff\xfe", "../../../../etc/passwd")
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, ok := vendors.Identify(ua, file)
		if ok && id.Vendor == "" {
			t.Errorf("identified without a vendor: %+v", id)
		}
	})
}

func TestIsOtherFile(t *testing.T) {
	m, ok := catalogue(t).Model("yealink-t54w")
	if !ok {
		t.Fatal("yealink-t54w missing")
	}
	for req, want := range map[string]bool{
		"001565bd56d4.boot": true, "y000000000000.boot": true, "001565bd56d4-local.cfg": true,
		"001565bd56d5.boot": false, "001565bd56d4.cfg": false, "secrets.txt": false,
	} {
		if got := vendors.IsOtherFile(m, req, "001565bd56d4"); got != want {
			t.Errorf("IsOtherFile(%q) = %v, want %v", req, got, want)
		}
	}
}

// translated reports whether the model's factory reset and every manual
// step have their text in lang, as the portal shows them.
func translated(m switchboard.Model, lang string) bool {
	t, ok := m.Manuals[lang]
	if !ok || t.FactoryReset == "" || len(t.ManualSteps) != len(m.ManualSteps) {
		return false
	}
	for _, s := range t.ManualSteps {
		if strings.TrimSpace(s) == "" {
			return false
		}
	}
	return true
}
