// Package vendortest is the test harness the vendor packages share: a
// sample profile, golden files rewritten with -update, a parse round trip
// that reads every line back the way the phone would, the check that every
// emitted key and value is one the vendor documents (Keys), and runners for a
// vendor's tables: golden renderings, values read back from renderings,
// identification cases, Parse errors and fuzz seeds. It is imported only
// from tests, so each vendor's test file is mostly its tables.
package vendortest

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is what the harness needs of a vendor package: its Family, the
// MAC and firmware URL its sample profiles carry, and its tables: golden
// renderings, values read back from renderings, identification cases,
// bodies Parse must refuse and fuzz seeds. A vendor's test file declares
// one, hands it to Run, FuzzParse and FuzzIdentify, and keeps only tests
// that fit no table beside it.
type Vendor struct {
	vendorkit.Family
	// MAC and FirmwareURL go into every sample profile; MAC may be empty
	// for devices that have none.
	MAC         string
	FirmwareURL string

	Golden        []Case
	Values        []ValuesCase
	Identities    []IdentifyCase
	ParseErrors   []ParseCase
	ParseSeeds    []string
	IdentifySeeds [][2]string
	// PhonebookRules is how the vendor documents its phonebook file.
	PhonebookRules PhonebookRules
}

// Run runs the golden renderings, the values cases, the identification
// cases and the parse errors, each as a subtest.
func (v Vendor) Run(t *testing.T) {
	t.Run("golden", func(t *testing.T) { v.CheckGolden(t, v.Golden...) })
	t.Run("bootstrap", v.CheckBootstrap)
	t.Run("phonebook", v.CheckPhonebook)
	for _, c := range v.Values {
		t.Run(c.Name, func(t *testing.T) { v.CheckValuesCase(t, c) })
	}
	t.Run("identify", func(t *testing.T) { v.CheckIdentify(t, v.Identities) })
	t.Run("parse errors", func(t *testing.T) { v.CheckParseErrors(t, v.ParseErrors) })
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

// KeyPattern compiles key names into one pattern; '#' stands for a
// number.
func KeyPattern(known []string) *regexp.Regexp {
	alts := make([]string, len(known))
	for i, k := range known {
		alts[i] = strings.ReplaceAll(regexp.QuoteMeta(k), "#", "[0-9]+")
	}
	return regexp.MustCompile("^(?:" + strings.Join(alts, "|") + ")$")
}

// CheckDocumented reads a parsed profile the way the vendor documents it:
// every key must be one of keys (with a source named), and every value
// must be one the firmware reads, in the vendor's own encoding.
func CheckDocumented(t testing.TB, name string, parsed map[string]string, keys []vendorkit.Key) {
	t.Helper()
	patterns := make([]*regexp.Regexp, len(keys))
	for i, k := range keys {
		if strings.TrimSpace(k.Source) == "" || k.Value == nil {
			t.Errorf("key %s has no source or no value rule", k.Name)
		}
		patterns[i] = KeyPattern([]string{k.Name})
	}
	names := make([]string, 0, len(parsed))
	for k := range parsed {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		i := slices.IndexFunc(patterns, func(re *regexp.Regexp) bool { return re.MatchString(k) })
		switch {
		case i < 0:
			t.Errorf("%s: key %q is not one the vendor documents (not in Keys)", name, k)
		case keys[i].Value != nil:
			if err := keys[i].Value(parsed[k]); err != nil {
				t.Errorf("%s: %s: %v (source: %s)", name, k, err, keys[i].Source)
			}
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
// parses them all, reads their keys and values against Keys and reads every
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
	CheckDocumented(t, name, merged, v.Keys)
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

// IdentifyCase is a request and what Identify must make of it: whether it
// is the vendor's, and the model, MAC and conflict it shows.
type IdentifyCase struct {
	UA, File   string
	OK         bool
	Model, MAC string
	Conflict   bool
}

// CheckIdentify runs Identify on every case.
func (v Vendor) CheckIdentify(t testing.TB, cases []IdentifyCase) {
	t.Helper()
	for _, c := range cases {
		want := switchboard.Identity{Vendor: v.Name, Model: c.Model, MAC: c.MAC, Conflict: c.Conflict}
		if got, ok := v.Identify(c.UA, c.File); ok != c.OK || got != want {
			t.Errorf("Identify(%q, %q) = %+v, %v; want %+v, %v", c.UA, c.File, got, ok, want, c.OK)
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

// FuzzParse seeds f with ParseSeeds and every golden file in testdata,
// then checks that Parse and Account never panic on any input.
func (v Vendor) FuzzParse(f *testing.F) {
	for _, s := range v.ParseSeeds {
		f.Add([]byte(s))
	}
	golden, _ := filepath.Glob(filepath.Join("testdata", "*.golden"))
	for _, path := range golden {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if parsed, err := v.Parse(body); err == nil {
			_, _ = v.Account(parsed, 1)
		}
	})
}

// FuzzIdentify seeds f with the IdentifySeeds, User-Agent and file name
// pairs, then checks that any MAC Identify reports is a canonical MAC.
func (v Vendor) FuzzIdentify(f *testing.F) {
	for _, s := range v.IdentifySeeds {
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

// FuzzFirmware seeds f with the User-Agents of the IdentifySeeds, then
// checks that a firmware version the family reads is a short piece of the
// User-Agent without spaces, never made up.
func (v Vendor) FuzzFirmware(f *testing.F) {
	for _, s := range v.IdentifySeeds {
		f.Add(s[0])
	}
	f.Fuzz(func(t *testing.T, ua string) {
		fw := v.Firmware(ua)
		if fw != "" && (!strings.Contains(ua, fw) || strings.ContainsAny(fw, " \t\r\n") || len(fw) > vendorkit.MaxFirmware) {
			t.Errorf("Firmware(%q) = %q: not a version taken from the User-Agent", ua, fw)
		}
	})
}

// RenderParse renders p for m and parses the files as the phone would,
// failing the test on an error, for tests of what a profile says.
func (v Vendor) RenderParse(t testing.TB, p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, map[string]string) {
	t.Helper()
	files, err := v.Render(p, m)
	if err != nil {
		t.Fatalf("%s: %v", m.ID, err)
	}
	return files, v.ParseAll(t, m.ID, files)
}

// ValuesCase is a rendering checked by what the phone reads from it: the
// sample profile of Model with Lines lines, changed by Change when set.
type ValuesCase struct {
	Name, Model string
	Lines       int
	Change      func(p *switchboard.Profile)
	// Want are values the parsed files must hold, Absent keys they must
	// not, Hidden texts no file may contain; Files, when set, are the
	// names of the rendered files.
	Want   map[string]string
	Absent []string
	Hidden []string
	Files  []string
}

// CheckValuesCase renders and parses the case's profile and checks it.
func (v Vendor) CheckValuesCase(t testing.TB, c ValuesCase) {
	t.Helper()
	m := v.Model(t, c.Model)
	p := v.Sample(m, c.Lines)
	if c.Change != nil {
		c.Change(p)
	}
	files, parsed := v.RenderParse(t, p, m)
	CheckValues(t, parsed, c.Want)
	for _, k := range c.Absent {
		if _, ok := parsed[k]; ok {
			t.Errorf("%s is in the profile", k)
		}
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		for _, h := range c.Hidden {
			if bytes.Contains(f.Body, []byte(h)) {
				t.Errorf("%s contains %q", f.Name, h)
			}
		}
	}
	if c.Files != nil && !slices.Equal(names, c.Files) {
		t.Errorf("files %q, want %q", names, c.Files)
	}
}

// CheckZones renders the sample profile of model id with each time zone
// and fails the test where the zone is not written into key, or where any
// value is not one the vendor documents.
func (v Vendor) CheckZones(t testing.TB, id, key string, zones []string) {
	t.Helper()
	m := v.Model(t, id)
	for _, z := range zones {
		p := v.Sample(m, 1)
		p.TimeZone = z
		_, parsed := v.RenderParse(t, p, m)
		if parsed[key] == "" {
			t.Errorf("%s: time zone %s is not written into %s", id, z, key)
		}
		CheckDocumented(t, z, parsed, v.Keys)
	}
}
