package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestFleetPage: an administrator's fleet counts the own customer's
// devices only and names the one never seen; the operator's counts every
// customer's; users have none.
func TestFleetPage(t *testing.T) {
	e := newEnv(t, portal.Options{})
	e.register(e.acme.desk1.ID)
	admin := e.loggedIn(e.acme.admin)
	if p := admin.get("/customers/" + e.acme.cust.ID); !strings.Contains(p.body, `href="/customers/`+e.acme.cust.ID+`/fleet"`) {
		t.Errorf("the customer page does not link to the fleet")
	}
	for _, c := range []struct {
		who, path string
		want      []string
		not       string
	}{
		{e.acme.admin, "/customers/" + e.acme.cust.ID + "/fleet",
			[]string{`<dd>2</dd>`, `<dd id="online-share" data-count="1">1 (50 %)</dd>`, "Never seen (1)", `href="/devices/` + e.acme.desk2.ID + `"`, "yealink-t54w", "96.86.0.100"},
			e.other.desk1.ID},
		{e.acme.admin, "/fleet", []string{`<dd>2</dd>`, "Never seen (1)"}, e.other.desk1.ID},
		{"ops", "/fleet", []string{`<dd>4</dd>`, `<dd id="online-share" data-count="1">1 (25 %)</dd>`, "Never seen (3)", `href="/devices/` + e.other.desk1.ID + `"`}, "\x00"},
	} {
		p := e.loggedIn(c.who).get(c.path)
		if p.status != http.StatusOK {
			t.Fatalf("%s %s: %d", c.who, c.path, p.status)
		}
		for _, w := range c.want {
			if !strings.Contains(p.body, w) {
				t.Errorf("%s %s lacks %q", c.who, c.path, w)
			}
		}
		if strings.Contains(p.body, c.not) {
			t.Errorf("%s %s shows another customer's device", c.who, c.path)
		}
	}
	user := e.loggedIn(e.acme.wp1.Username)
	for _, path := range []string{"/fleet", "/customers/" + e.acme.cust.ID + "/fleet"} {
		if p := user.get(path); p.status == http.StatusOK || strings.Contains(p.body, "Never seen") {
			t.Errorf("a user reads %s: %d", path, p.status)
		}
	}
}
