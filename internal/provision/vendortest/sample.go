package vendortest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

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
// without SRTP, admin and web passwords (the admin password the 40
// generated digits cut to what the model takes), German and
// Europe/Berlin, two time servers, a daily resync, the SampleKeys the
// model can take and a line key for every other line, and for a DECT base
// one handset per line, the first still to be paired with PIN 4711.
func SampleProfile(m switchboard.Model, n int, mac, firmwareURL string) *switchboard.Profile {
	p := &switchboard.Profile{
		Model: m.ID, MAC: mac,
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		AdminPassword: m.FitPassword("1234567890123456789012345678901234567890"), WebUser: "anna", WebPassword: "48151623",
		Language: "de", TimeZone: "Europe/Berlin",
		NTPServers: []string{"ntp1.example.net", "192.0.2.123"}, Resync: 24 * time.Hour,
		BuiltAt:         time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		ProvisioningURL: m.ProvisioningURL("https://prov.example.net:8448", "81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c"),
		FirmwareURL:     firmwareURL,
		FirmwareVersion: sampleVersion(firmwareURL),
		PhonebookURL:    m.PhonebookURL("https://prov.example.net:8448", "81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c", mac),
		PhonebookTitle:  "Acme & Söhne",
	}
	for i := 1; i <= n; i++ {
		p.Lines = append(p.Lines, switchboard.ProfileLine{
			Username: fmt.Sprintf("u%02dsample", i), AuthName: fmt.Sprintf("a%02dsample", i), Password: fmt.Sprintf("Secret%02dPass", i),
			DisplayName: fmt.Sprintf("Anna Muster %d", i), Label: fmt.Sprintf("Line %d", i), Voicemail: "*86",
		})
		if m.Handsets > 0 {
			p.Handsets = append(p.Handsets, switchboard.Handset{Index: i, Name: fmt.Sprintf("Handset %d", i), Lines: []int{i}, Pair: i == 1})
			p.HandsetPIN = "4711"
		}
	}
	if m.LineKeys > 0 {
		for _, k := range SampleKeys() {
			if k.Module <= m.Modules && m.SupportsKey(k.Type) {
				p.Keys = append(p.Keys, k)
			}
		}
	}
	// As the use cases do: every line without a key gets the first free
	// one.
	labels := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		labels[i] = l.Label
	}
	p.Keys = m.WithLineKeys(p.Keys, labels)
	return p
}

// sampleVersion is the version a sample profile's firmware has: "2.65.0"
// with a firmware URL, none without.
func sampleVersion(firmwareURL string) string {
	if firmwareURL == "" {
		return ""
	}
	return "2.65.0"
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

// CheckValues fails the test for every key of want that parsed lacks or
// holds with another value.
func CheckValues(t testing.TB, parsed, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got, ok := parsed[k]; !ok || got != w {
			t.Errorf("%s = %q (present %v), want %q", k, got, ok, w)
		}
	}
}
