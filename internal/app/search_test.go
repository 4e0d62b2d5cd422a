package app_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestSearchCustomers: the operator's search finds any customer by name,
// an administrator's only the own customer, whatever the text; a text
// too long, not UTF-8 or with a NUL is refused at the box q before the
// store is asked.
func TestSearchCustomers(t *testing.T) {
	e, w := newWorld(t, true)
	for _, c := range []struct {
		what string
		p    switchboard.Principal
		text string
		want []string
	}{
		{"operator, name", switchboard.System, "  BETA ", []string{w.b.cust.ID}},
		{"operator, e-mail", switchboard.System, "admin@alpha", []string{w.a.cust.ID}},
		{"administrator, other customer's name", w.a.admin, "beta", nil},
		{"administrator, own name", w.a.admin, "gmbh", []string{w.a.cust.ID}},
	} {
		cs, _, err := e.svc.SearchCustomers(e.ctx, c.p, c.text, switchboard.Page{})
		e.must(err)
		var got []string
		for _, cu := range cs {
			got = append(got, cu.ID)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: %v, want %v", c.what, got, c.want)
		}
	}
	for _, text := range []string{strings.Repeat("x", 201), "a\x00b", "a\xffb"} {
		_, _, err := e.svc.SearchDevices(e.ctx, switchboard.System, w.a.cust.ID, text, switchboard.Page{})
		wantCode(t, "text "+text[:3], err, switchboard.EINVALID)
		if f := switchboard.ErrorField(err); f != "q" {
			t.Errorf("text %q refused at %q, want q", text[:3], f)
		}
	}
}
