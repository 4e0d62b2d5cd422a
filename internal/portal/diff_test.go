package portal_test

import (
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestProfileDiffPages: the confirmations of sync, reset and reconfigure
// and the administrator's device page say what will change on the phone,
// with its secrets masked; a reboot's confirmation and the user's device
// page do not.
func TestProfileDiffPages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	dev := e.acme.desk1
	sip, err := e.svc.SIPAccount(e.ctx, switchboard.System, dev.ID)
	e.must(err)
	admin, user := e.loggedIn(e.acme.admin), e.loggedIn(e.acme.wp1.Username)
	for _, c := range []struct {
		who  *browser
		path string
		diff bool
	}{
		{admin, "/devices/" + dev.ID + "/actions/sync", true},
		{admin, "/devices/" + dev.ID + "/actions/reset", true},
		{admin, "/devices/" + dev.ID + "/actions/reconfigure", true},
		{admin, "/devices/" + dev.ID, true},
		{admin, "/devices/" + dev.ID + "/actions/reboot", false},
		{user, "/devices/" + dev.ID, false},
	} {
		p := c.who.get(c.path)
		if p.status != 200 {
			t.Fatalf("%s: %d", c.path, p.status)
		}
		shown := strings.Contains(p.body, "What will change on the phone") && strings.Contains(p.body, `<pre class="diff">`)
		if shown != c.diff {
			t.Errorf("%s: difference shown %v, want %v", c.path, shown, c.diff)
		}
		if c.diff && (!strings.Contains(p.body, "not fetched yet") || !strings.Contains(p.body, "(secret)")) {
			t.Errorf("%s: the never fetched profile is not shown whole with its secrets masked", c.path)
		}
		if strings.Contains(p.body, sip.Password) {
			t.Errorf("%s shows the SIP password", c.path)
		}
	}
}
