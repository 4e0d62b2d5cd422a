// Package vendortest is the test harness the vendor packages share: a
// sample profile, golden files rewritten with -update, a parse round trip
// that reads every line back the way the phone would, the check that every
// emitted key is one the vendor's KnownKeys declares, and table runners for
// Identify, Parse errors and fuzz seeds. It is imported only from tests, so
// each vendor's test file keeps only what is special to that vendor.
package vendortest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Vendor is what the harness needs of a vendor package: its Family and
// the MAC and firmware URL its sample profiles carry.
type Vendor struct {
	vendorkit.Family
	// MAC and FirmwareURL go into every sample profile; MAC may be empty
	// for devices that have none.
	MAC         string
	FirmwareURL string
}

// Model returns the catalogue entry id, failing the test when the vendor
// does not declare it.
func (v Vendor) Model(t testing.TB, id string) switchboard.Model {
	t.Helper()
	for _, m := range v.Models() {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("model %s not in the catalogue", id)
	return switchboard.Model{}
}

// Sample is SampleProfile with the vendor's MAC and firmware URL.
func (v Vendor) Sample(m switchboard.Model, n int) *switchboard.Profile {
	return SampleProfile(m, n, v.MAC, v.FirmwareURL)
}

// SampleKeys are the function keys a sample profile carries, one of each
// type, two of them on the first expansion module.
func SampleKeys() []switchboard.FunctionKey {
	return []switchboard.FunctionKey{
		{Module: 0, Index: 1, Type: switchboard.KeyLine, Value: "1", Label: "Anna"},
		{Module: 0, Index: 2, Type: switchboard.KeyBLF, Value: "201", Label: "Ben"},
		{Module: 0, Index: 3, Type: switchboard.KeySpeedDial, Value: "*21#", Label: "Forward"},
		{Module: 0, Index: 4, Type: switchboard.KeyVoicemail, Label: "Mailbox"},
		{Module: 1, Index: 1, Type: switchboard.KeyExtension, Value: "202", Label: "Carla"},
		{Module: 1, Index: 2, Type: switchboard.KeyGroup, Value: "600", Label: "Sales"},
	}
}

// SampleProfile is a full profile for model m with n lines: plain UDP
// without SRTP, admin and web passwords, German and Europe/Berlin, the
// SampleKeys the model can take, and one handset per line for a DECT base.
func SampleProfile(m switchboard.Model, n int, mac, firmwareURL string) *switchboard.Profile {
	p := &switchboard.Profile{
		Model: m.ID, MAC: mac,
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: "1234567890123456789012345678901234567890", WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		ProvisioningURL: "https://prov.example.net:8448/81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c.cfg",
		FirmwareURL:     firmwareURL,
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
		for _, k := range SampleKeys() {
			if k.Module <= m.Modules && m.SupportsKey(k.Type) {
				p.Keys = append(p.Keys, k)
			}
		}
	}
	return p
}

// Golden joins the rendered files and compares them with
// testdata/<name>.golden; with -update it first rewrites that file.
func Golden(t testing.TB, name string, files []switchboard.File) {
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

// KnownKeysPattern compiles a KnownKeys list into one pattern; '#' stands
// for a number.
func KnownKeysPattern(known []string) *regexp.Regexp {
	alts := make([]string, len(known))
	for i, k := range known {
		alts[i] = strings.ReplaceAll(regexp.QuoteMeta(k), "#", "[0-9]+")
	}
	return regexp.MustCompile("^(?:" + strings.Join(alts, "|") + ")$")
}

// CheckKnownKeys fails the test for every parsed key that known does not
// declare: a renderer may emit only keys whose source is on record.
func CheckKnownKeys(t testing.TB, name string, parsed map[string]string, known []string) {
	t.Helper()
	re := KnownKeysPattern(known)
	for k := range parsed {
		if !re.MatchString(k) {
			t.Errorf("%s: key %q is not in KnownKeys", name, k)
		}
	}
}

// ParseAll parses every file, failing the test on the first that does not
// parse, and merges the results in file order as the phone does.
func (v Vendor) ParseAll(t testing.TB, name string, files []switchboard.File) map[string]string {
	t.Helper()
	merged := map[string]string{}
	for _, f := range files {
		parsed, err := v.Parse(f.Body)
		if err != nil {
			t.Fatalf("%s %s: %v", name, f.Name, err)
		}
		for k, val := range parsed {
			merged[k] = val
		}
	}
	return merged
}

// CheckRoundTrip reads every line of p back from the parsed files and
// fails the test where credentials, registrar, port, transport or SRTP
// differ from what was rendered (so an encrypted profile must read back as
// TLS on the TLS port with mandatory SRTP).
func (v Vendor) CheckRoundTrip(t testing.TB, name string, p *switchboard.Profile, parsed map[string]string) {
	t.Helper()
	for i, l := range p.Lines {
		a, err := v.Account(parsed, i+1)
		if err != nil {
			t.Fatalf("%s line %d: %v", name, i+1, err)
		}
		if a.Username != l.Username || a.AuthName != l.AuthName || a.Password != l.Password || a.DisplayName != l.DisplayName ||
			a.Registrar != p.Server.Registrar || a.Port != p.Server.ActivePort() || a.Transport != p.Server.Transport || a.SRTP != p.Server.SRTP {
			t.Errorf("%s line %d: parsed %v, rendered %+v over %+v", name, i+1, a, l, p.Server)
		}
	}
}

// Check renders p for m, compares the files with the golden file name,
// parses them all, checks their keys against KnownKeys and reads every
// line back. It returns the files and their merged parse for checks of
// the vendor's own.
func (v Vendor) Check(t testing.TB, name string, p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, map[string]string) {
	t.Helper()
	files, err := v.Render(p, m)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	Golden(t, name, files)
	merged := v.ParseAll(t, name, files)
	CheckKnownKeys(t, name, merged, v.KnownKeys)
	v.CheckRoundTrip(t, name, p, merged)
	return files, merged
}

// Case is one golden rendering: a model, its number of lines, and whether
// the profile is encrypted (seed 000: SIP over TLS, mandatory SRTP).
type Case struct {
	ID    string
	Lines int
	TLS   bool
}

// CheckGolden runs Check on the sample profile of every case, the golden
// file named after the model.
func (v Vendor) CheckGolden(t testing.TB, cases ...Case) {
	t.Helper()
	for _, c := range cases {
		m := v.Model(t, c.ID)
		p := v.Sample(m, c.Lines)
		if c.TLS {
			p.Server.Encrypt()
		}
		v.Check(t, c.ID, p, m)
	}
}

// IdentifyCase is a request and what Identify must make of it.
type IdentifyCase struct {
	UA, File string
	OK       bool
	Want     switchboard.Identity
}

// CheckIdentify runs Identify on every case.
func (v Vendor) CheckIdentify(t testing.TB, cases []IdentifyCase) {
	t.Helper()
	for _, c := range cases {
		got, ok := v.Identify(c.UA, c.File)
		if ok != c.OK || got != c.Want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", c.UA, c.File, got, ok, c.Want, c.OK)
		}
	}
}

// ParseCase is a body Parse must refuse with an error containing Want.
type ParseCase struct{ Name, Body, Want string }

// CheckParseErrors runs Parse on every case.
func (v Vendor) CheckParseErrors(t testing.TB, cases []ParseCase) {
	t.Helper()
	for _, c := range cases {
		if _, err := v.Parse([]byte(c.Body)); err == nil || !strings.Contains(err.Error(), c.Want) {
			t.Errorf("%s: got %v, want an error containing %q", c.Name, err, c.Want)
		}
	}
}

// FuzzParse seeds f with seeds and the golden file testdata/<golden>.golden,
// then checks that Parse and Account never panic on any input.
func (v Vendor) FuzzParse(f *testing.F, golden string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile(filepath.Join("testdata", golden+".golden")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := v.Parse(body); err == nil {
			_, _ = v.Account(parsed, 1)
		}
	})
}

// FuzzIdentify seeds f with User-Agent and file name pairs, then checks
// that any MAC Identify reports is a canonical MAC.
func (v Vendor) FuzzIdentify(f *testing.F, seeds [][2]string) {
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, ua, file string) {
		id, _ := v.Identify(ua, file)
		if id.MAC != "" {
			if _, err := switchboard.CanonicalMAC(id.MAC); err != nil {
				t.Errorf("Identify returned a MAC %q that is not one", id.MAC)
			}
		}
	})
}
