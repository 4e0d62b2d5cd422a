package api_test

import (
	"strings"
	"testing"
)

// TestListSearch: the long lists take q as the portal's search boxes do:
// the text narrows them, ignoring case, to the caller's own customer's
// records; free and q together on workplaces, a text too long and one
// with a NUL are refused.
func TestListSearch(t *testing.T) {
	e := newEnv(t)
	a, _ := e.tenants()
	cust := "/api/v1/customers/" + a.customer
	ids := func(path, token string) string {
		var out []string
		for _, it := range e.must(200, "GET", path, token, nil).items() {
			for _, k := range []string{"id", "number"} {
				if v, ok := it[k].(string); ok {
					out = append(out, v)
				}
			}
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		what, path, token, want string
	}{
		{"devices by description", cust + "/devices?q=HOT", a.admin, a.free},
		{"devices of the other customer's text", cust + "/devices?q=beta", a.admin, ""},
		{"workplaces by username", cust + "/workplaces?q=Alpha.Two", a.admin, a.wp2},
		{"workplaces by number", cust + "/workplaces?q=" + a.numbers[0][1:], a.admin, a.wp1},
		{"numbers by workplace", cust + "/numbers?q=alpha.one", a.admin, a.numbers[0]},
		{"free numbers", cust + "/numbers?free=true&q=" + a.numbers[3][1:], a.admin, a.numbers[3]},
		{"customers by e-mail", "/api/v1/customers?q=ADMIN@ALPHA", e.operator, a.customer},
		{"an administrator's customers", "/api/v1/customers?q=beta", a.admin, ""},
	} {
		if got := ids(c.path, c.token); got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, got, c.want)
		}
	}
	checkField(t, e.must(422, "GET", cust+"/workplaces?free=true&q=alpha", a.admin, nil), "q")
	e.must(422, "GET", cust+"/devices?q="+strings.Repeat("x", 201), a.admin, nil)
	checkField(t, e.must(422, "GET", cust+"/numbers?q=a%00b", a.admin, nil), "q")
}
