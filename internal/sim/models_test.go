package sim_test

import (
	"os"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/sim"
)

// TestModels: vendor names become one playable model each, in the order
// given; a vendor the simulator does not play is refused with the list of
// those it does.
func TestModels(t *testing.T) {
	for _, c := range []struct {
		names   []string
		vendors string // of the models, comma-separated; empty: refused
		err     string
	}{
		{names: []string{"yealink", "snom"}, vendors: "yealink,snom"},
		{names: []string{" Polycom ", "GRANDSTREAM"}, vendors: "poly,grandstream"},
		{names: []string{"yealink", "yealink"}, vendors: "yealink,yealink"},
		{names: []string{"acme"}, err: `cannot play vendor "acme"; it plays ` + strings.Join(sim.Vendors(), ", ")},
		{names: nil, err: "name at least one vendor"},
	} {
		models, err := sim.Models(c.names)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.names, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.names, err)
			continue
		}
		var got []string
		for _, m := range models {
			if !sim.Simulates(m) {
				t.Errorf("%q: %s is not playable", c.names, m.ID)
			}
			got = append(got, m.Vendor)
		}
		if strings.Join(got, ",") != c.vendors {
			t.Errorf("%q: vendors %v, want %s", c.names, got, c.vendors)
		}
	}
}

// TestCheckServer: only loopback API addresses unless remote ones are
// allowed; anything that is not a URL is refused either way.
func TestCheckServer(t *testing.T) {
	for _, c := range []struct {
		url         string
		allowRemote bool
		err         string
	}{
		{url: "http://127.0.0.1:8080"},
		{url: "http://[::1]:8080"},
		{url: "http://localhost:8080"},
		{url: "http://" + hostname(t) + ":8080"},
		{url: "http://192.0.2.10:8080", err: "192.0.2.10:8080 is not on this machine"},
		{url: "https://pbx.example.com", err: "--allow-remote"},
		{url: "http://pbx.switchboard.invalid:8080", err: "is not on this machine"},
		{url: "https://pbx.example.com", allowRemote: true},
		{url: "127.0.0.1:8080", allowRemote: true, err: "is not a URL"},
		{url: "", err: "is not a URL"},
	} {
		err := sim.CheckServer(c.url, c.allowRemote)
		if (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("CheckServer(%q, %v) = %v, want %q", c.url, c.allowRemote, err, c.err)
		}
	}
}

// hostname is this machine's name when it resolves to this machine, else
// localhost: serve puts it into provisioning URLs by default.
func hostname(t *testing.T) string {
	name, err := os.Hostname()
	if _, ok := sim.LocalAddr(name); err != nil || !ok {
		t.Logf("host name %q is not this machine's (%v)", name, err)
		return "localhost"
	}
	return name
}
