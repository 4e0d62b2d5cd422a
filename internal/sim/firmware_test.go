package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// goldenFiles splits a vendor package's golden file ("=== name (type)"
// headers, each body followed by one newline) into the files it holds.
func goldenFiles(t *testing.T, path string) []switchboard.File {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var files []switchboard.File
	for _, part := range bytes.Split(raw, []byte("=== "))[1:] {
		head, body, ok := bytes.Cut(part, []byte("\n"))
		if !ok {
			t.Fatalf("%s: header without body", path)
		}
		name, ct, _ := strings.Cut(string(head), " (")
		files = append(files, switchboard.File{Name: name, ContentType: strings.TrimSuffix(ct, ")"),
			Body: bytes.TrimSuffix(body, []byte("\n"))})
	}
	if len(files) == 0 {
		t.Fatalf("%s holds no file", path)
	}
	return files
}

// received returns the golden files a phone of the model actually gets:
// the main file for the file form, each requested name for the directory
// form, in the firmware's order.
func received(t *testing.T, m switchboard.Model, files []switchboard.File) []switchboard.File {
	t.Helper()
	if m.URLForm != switchboard.URLDirectory {
		return files[:1]
	}
	mac := ""
	for _, f := range files {
		if id, ok := vendors.Identify("", f.Name); ok && id.MAC != "" {
			mac = id.MAC
			break
		}
	}
	var out []switchboard.File
	for _, name := range FileNames(m, mac) {
		found := false
		for _, f := range files {
			if f.Name == name {
				out, found = append(out, f), true
			}
		}
		if !found {
			t.Errorf("%s asks for %s, which its vendor's renderer does not produce", m.ID, name)
		}
	}
	return out
}

// TestGoldenProfilesReadLikeThePhone reads every vendor package's golden
// profiles as the simulated phone would (only the files it asks for, with
// the vendor's own parser) and finds the sample SIP account in each.
func TestGoldenProfilesReadLikeThePhone(t *testing.T) {
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, fam := range vendors.Families() {
		if fam.Parse == nil {
			continue // a family without files (universal profile, soft clients)
		}
		t.Run(fam.Name, func(t *testing.T) {
			paths, _ := filepath.Glob(filepath.Join("..", "provision", fam.Name, "testdata", "*.golden"))
			read := 0
			for _, path := range paths {
				m, ok := cat.Model(strings.TrimSuffix(filepath.Base(path), ".golden"))
				if !ok || m.URLForm == switchboard.URLNone {
					continue
				}
				if _, plays := firmwares[m.Vendor]; !plays {
					t.Logf("%s: the simulator has no firmware behaviour for vendor %s yet", m.ID, m.Vendor)
				}
				acc, _, err := readAccount(m, received(t, m, goldenFiles(t, path)))
				if err != nil {
					t.Errorf("%s: %v", m.ID, err)
					continue
				}
				if acc.Username != "u01sample" || acc.AuthName != "a01sample" || acc.Password != "Secret01Pass" || acc.Registrar != "sip.example.net" {
					t.Errorf("%s: phone reads account %s, want u01sample (auth a01sample) at sip.example.net with the sample password", m.ID, acc)
				}
				read++
			}
			if read == 0 {
				t.Errorf("no golden profile of %s was read (looked in %d files)", fam.Name, len(paths))
			}
		})
	}
}

// TestPhonesIdentifyAsTheirModel checks that every model the simulator
// plays is recognised by the provisioning side from the simulated
// User-Agent and file names: vendor, model and MAC, and never a MAC
// conflict.
func TestPhonesIdentifyAsTheirModel(t *testing.T) {
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	played := 0
	for _, m := range cat.Models() {
		if !Simulates(m) {
			continue
		}
		played++
		mac, _ := MAC(m.Vendor, "identify", 7)
		if again, _ := MAC(m.Vendor, "identify", 7); again != mac {
			t.Fatalf("MAC is not stable: %s then %s", mac, again)
		}

		httpUA, sipUA, _ := UserAgents(m, mac)
		if !strings.Contains(strings.ToLower(sipUA), strings.ToLower(m.Vendor[:3])) && m.Vendor != "poly" {
			t.Errorf("%s: SIP User-Agent %q does not name the vendor", m.ID, sipUA)
		}
		names := FileNames(m, mac)
		if m.URLForm == switchboard.URLFile {
			names = []string{"0123456789abcdef0123456789abcdef0123456789abcdef.cfg"}
		}
		sawMAC := false
		for _, name := range names {
			id, ok := vendors.Identify(httpUA, name)
			switch {
			case !ok || id.Vendor != m.Vendor:
				t.Errorf("%s: %q asking for %s is identified as %+v", m.ID, httpUA, name, id)
			case id.Model != "" && id.Model != m.ID:
				t.Errorf("%s: identified as model %s", m.ID, id.Model)
			case id.Conflict || id.MAC != "" && id.MAC != mac:
				t.Errorf("%s: identified MAC %s (conflict %v), want %s", m.ID, id.MAC, id.Conflict, mac)
			}
			sawMAC = sawMAC || id.MAC == mac
		}
		shows := m.URLForm == switchboard.URLDirectory || strings.Contains(strings.ToLower(strings.ReplaceAll(httpUA, ":", "")), mac)
		if shows && !sawMAC {
			t.Errorf("%s: no request shows the phone's MAC %s", m.ID, mac)
		}
	}
	if played < len(firmwares) {
		t.Errorf("only %d models are played, fewer than the %d vendors", played, len(firmwares))
	}
}

// TestMACsAreDistinct: the 100,000 phones of a vendor in one run never
// share a MAC (the server refuses a second device with the same MAC).
func TestMACsAreDistinct(t *testing.T) {
	for _, v := range Vendors() {
		seen := make(map[string]bool, 100000)
		for i := range 100000 {
			mac, _ := MAC(v, "customer-1", i)
			if seen[mac] {
				t.Fatalf("%s: MAC %s given twice among 100,000 phones", v, mac)
			}
			seen[mac] = true
		}
	}
}
