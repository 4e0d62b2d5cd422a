package sim

import (
	"net/url"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// MaxPhones bounds one run of the simulator: its load is bounded in count,
// and 100,000 phones is the largest boot storm the benchmarks ask for.
const MaxPhones = 100000

// Models picks, for each vendor named, the first model of the catalogue
// the simulator can play, so that a command line names vendors rather than
// model ids. "polycom" is taken for "poly".
func Models(names []string) ([]switchboard.Model, error) {
	cat, err := vendors.New()
	if err != nil {
		return nil, err
	}
	var out []switchboard.Model
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "polycom" {
			n = "poly"
		}
		found := false
		for _, m := range cat.Models() {
			if m.Vendor == n && Simulates(m) {
				out, found = append(out, m), true
				break
			}
		}
		if !found {
			return nil, switchboard.FieldErrorf("vendors", "the simulator cannot play vendor %q; it plays %s", n, strings.Join(Vendors(), ", "))
		}
	}
	if len(out) == 0 {
		return nil, switchboard.FieldErrorf("vendors", "name at least one vendor")
	}
	return out, nil
}

// CheckServer refuses an API address outside loopback unless allowRemote:
// the simulator creates devices and loads the server it is pointed at, so
// reaching another host must be asked for, as for the phones' own targets.
func CheckServer(apiURL string, allowRemote bool) error {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		return switchboard.Errorf(switchboard.EINVALID, "API address %q is not a URL such as http://127.0.0.1:8080", apiURL)
	}
	if allowRemote {
		return nil
	}
	if _, ok := LocalAddr(u.Hostname()); !ok {
		return switchboard.Errorf(switchboard.EINVALID, "%s is not on this machine; the simulator reaches other hosts only with --allow-remote", u.Host)
	}
	return nil
}
