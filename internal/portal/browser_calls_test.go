package portal_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestBrowserCallsPages: on a 375 px wide screen an administrator goes
// from the customer page to the trunks, sees a refused inbound address's
// rule next to its field, corrects it and saves a trunk whose password
// shows as "set"; then creates a monitoring account on the CTI page and
// sees its password once with the warning, beside the Xsi set-up panel.
// Neither page needs sideways scrolling. Screenshots: trunks-375.png,
// cti-375.png.
func TestBrowserCallsPages(t *testing.T) {
	ctx := newChrome(t, 375)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	base, cust := e.srv.URL, "/customers/"+e.acme.cust.ID
	var refusal, passwordState, password, actions string
	var widths [2][2]int
	width := func(i int) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			into(&widths[i][0], chromedp.Evaluate[int](`document.documentElement.scrollWidth`)),
			into(&widths[i][1], chromedp.Evaluate[int](`document.documentElement.clientWidth`)))
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(375, 800),
		logIn(base, e.acme.admin),
		chromedp.Navigate(base+cust),
		chromedp.Click(chromedp.CSS("#trunks-link")),
		chromedp.WaitVisible(chromedp.CSS("#trunk-form")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Carrier"),
		chromedp.SendKeys(chromedp.CSS("#proxy"), "sip.carrier.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), "trunk secret 1"),
		chromedp.SendKeys(chromedp.CSS("#inbound_addresses"), "192.0.2.0/33"),
		chromedp.Click(chromedp.CSS("#add-trunk")),
		chromedp.WaitVisible(chromedp.CSS("#trunk-form .field-error")),
		into(&refusal, chromedp.Text(chromedp.CSS("#trunk-form .field-error"))),
		width(0), chromedp.ScrollIntoView(chromedp.CSS("#inbound_addresses")), shoot(dir, "trunks-375"),
		chromedp.SetValue(chromedp.CSS("#inbound_addresses"), "192.0.2.0/24"),
		chromedp.SendKeys(chromedp.CSS("#password"), "trunk secret 1"),
		chromedp.Click(chromedp.CSS("#add-trunk")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		into(&passwordState, chromedp.Text(chromedp.CSS("#password-state"))),
		chromedp.Navigate(base+cust),
		chromedp.Click(chromedp.CSS("#cti-link")),
		chromedp.WaitVisible(chromedp.CSS("#account-form")),
		chromedp.SendKeys(chromedp.CSS("#username"), "cti.monitor"),
		chromedp.Click(chromedp.CSS("#add-account")),
		chromedp.WaitVisible(chromedp.CSS("#created")),
		into(&password, chromedp.Value(chromedp.CSS("#created-password"))),
		into(&actions, chromedp.Value(chromedp.CSS("#xsi-actions"))),
		width(1), shoot(dir, "cti-375"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(refusal, "192.0.2.0/33") {
		t.Errorf("refusal next to the inbound addresses: %q", refusal)
	}
	if passwordState != "set" {
		t.Errorf("password state %q, want set", passwordState)
	}
	if tr := e.onlyTrunk(e.acme.cust.ID); tr.Password != "trunk secret 1" || len(tr.InboundAddresses) != 1 {
		t.Errorf("stored trunk %+v", tr)
	}
	if len(password) < 12 || actions != base+"/com.broadsoft.xsi-actions/v2.0" {
		t.Errorf("created account: password %q, Xsi-Actions %q", password, actions)
	}
	for i, name := range []string{"trunks", "cti"} {
		if widths[i][0] > widths[i][1] {
			t.Errorf("%s: the page is %d px wide on a %d px screen", name, widths[i][0], widths[i][1])
		}
	}
	if ms, _, err := e.svc.MonitoringAccounts(e.ctx, switchboard.System, e.acme.cust.ID, switchboard.Page{Limit: 10}); err != nil || len(ms) != 1 {
		t.Errorf("monitoring accounts %d (%v), want 1", len(ms), err)
	}
}
