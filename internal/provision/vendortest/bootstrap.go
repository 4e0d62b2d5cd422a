package vendortest

import (
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// bootstrapKey is the access key of the sample bootstraps.
const bootstrapKey = "5b2f0c9a1d7e4f3a8c6b0e2d9f1a7c4e3b8d6f0a2c5e9b1d"

// CheckBootstrap renders the zero-touch bootstrap of every golden case's
// model, compares it with testdata/<model>-bootstrap.golden, reads its
// keys and values against Keys, and checks that its files are among the
// names the model asks for and that the last one carries the key URL. A
// family without Bootstrap has nothing to check.
func (v Vendor) CheckBootstrap(t *testing.T) {
	if v.Bootstrap == nil {
		return
	}
	var done []string
	for _, c := range v.Golden {
		if slices.Contains(done, c.ID) {
			continue
		}
		done = append(done, c.ID)
		m := v.Model(t, c.ID)
		url := m.ProvisioningURL("https://prov.example.net:8448", bootstrapKey)
		files, err := v.Bootstrap(m, v.MAC, url)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: bootstrap %v, %v", c.ID, files, err)
		}
		Golden(t, c.ID+"-bootstrap", files)
		CheckDocumented(t, c.ID+" bootstrap", v.ParseAll(t, c.ID+" bootstrap", files), v.Keys)
		for _, f := range files {
			if !askedFor(m, f.Name, v.MAC) {
				t.Errorf("%s: bootstrap file %s is not one of the model's files %v", c.ID, f.Name, m.Files)
			}
		}
		if got := v.BootstrapURL(v.ParseAll(t, c.ID+" bootstrap", files)); got != url {
			t.Errorf("%s: the bootstrap reads back as %q, want %q", c.ID, got, url)
		}
		last := v.ParseAll(t, c.ID+" bootstrap", files[len(files)-1:])
		if !slices.ContainsFunc(mapValues(last), func(s string) bool { return strings.Contains(s, bootstrapKey) }) {
			t.Errorf("%s: the last bootstrap file does not carry the key URL %s", c.ID, url)
		}
	}
}

// askedFor reports whether name is one of the model's files for mac.
func askedFor(m switchboard.Model, name, mac string) bool {
	for _, f := range m.Files {
		want := strings.NewReplacer("{mac}", mac, "{MAC}", strings.ToUpper(mac)).Replace(f)
		if strings.EqualFold(want, name) {
			return true
		}
	}
	return false
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
