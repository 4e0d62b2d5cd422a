package app_test

import (
	"slices"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestHandsets: a base's handsets are listed in full to the customer's
// administrators, to a user only those on their own workplace's line,
// to another customer's administrator not at all (not found); a device
// that is not a base has none.
func TestHandsets(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("globex", 2)
	base := e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "yealink-w70b"})
	h1 := e.device(tn.cust.ID, tn.wp1.ID, app.DeviceInput{Model: "yealink-w73h", Base: base.ID})
	h2 := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "yealink-w56h", Base: base.ID})
	ids := func(p switchboard.Principal, id string) ([]string, error) {
		hs, err := e.svc.Handsets(e.ctx, p, id)
		var out []string
		for _, h := range hs {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out, err
	}
	both := []string{h1.ID, h2.ID}
	slices.Sort(both)
	for _, c := range []struct {
		name   string
		p      switchboard.Principal
		device string
		want   []string
		code   string
	}{
		{"administrator", tn.admin, base.ID, both, ""},
		{"user of wp1", tn.user1, base.ID, []string{h1.ID}, ""},
		{"another customer's administrator", other.admin, base.ID, nil, switchboard.ENOTFOUND},
		{"a desk phone", tn.admin, tn.desk1.ID, nil, ""},
	} {
		got, err := ids(c.p, c.device)
		if switchboard.ErrorCode(err) != c.code || !slices.Equal(got, c.want) {
			t.Errorf("%s: handsets %v, error %v; want %v, code %q", c.name, got, err, c.want, c.code)
		}
	}
}
