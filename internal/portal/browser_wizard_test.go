package portal_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// fillWizard goes from the navigation to the customer's workplaces and
// fills in the wizard for Max Mustermann (max.mustermann, extension 203,
// the first free number, package Plus).
func fillWizard(cust string) chromedp.Action[chromedp.Void] {
	fill := func(id, v string) chromedp.Action[chromedp.Void] { return chromedp.SendKeys(chromedp.CSS("#"+id), v) }
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(`nav a[href="/customers/`+cust+`/workplaces"]`)),
		chromedp.WaitVisible(chromedp.CSS("#new-workplace")),
		chromedp.Click(chromedp.CSS("#new-workplace")),
		chromedp.WaitVisible(chromedp.CSS("#to-cart")),
		fill("first_name", "Max"), fill("last_name", "Mustermann"), fill("city", "Berlin"),
		fill("username", "max.mustermann"), fill("email", "max@acme.example"), fill("email_confirm", "max@acme.example"),
		chromedp.Click(chromedp.CSS(`input[name="no_mobile"]`)),
		chromedp.Click(chromedp.CSS(`input[name="numbers"]`)),
		fill("extension", "203"),
		chromedp.Click(chromedp.CSS(`input[name="package"][value="plus"]`)),
	)
}

// TestBrowserWizard: a company administrator goes from the navigation to
// the workplaces, fills in seed 001's wizard, checks the cart, orders and
// sees the new workplace's order, open, in the list of orders.
func TestBrowserWizard(t *testing.T) {
	ctx := newChrome(t, 1024)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	cust := e.acme.cust.ID
	_, err := e.svc.AddNumbers(e.ctx, switchboard.System, cust, app.NumbersInput{Numbers: []string{"+493012345601"}})
	e.must(err)
	var cart, orders string
	err = chromedp.Do(ctx,
		logIn(e.srv.URL, e.acme.admin),
		fillWizard(cust), shoot(dir, "wizard"),
		chromedp.Click(chromedp.CSS("#to-cart")),
		chromedp.WaitVisible(chromedp.CSS("#order")),
		into(&cart, chromedp.Text(chromedp.CSS("main dl"))), shoot(dir, "cart"),
		chromedp.Click(chromedp.CSS("#order")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		into(&orders, chromedp.Text(chromedp.CSS("main tbody"))), shoot(dir, "ordered"),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Max Mustermann", "max.mustermann", "+493012345601", "203", "Plus"} {
		if !strings.Contains(cart, want) {
			t.Errorf("cart %q lacks %q", cart, want)
		}
	}
	w := e.workplaceNamed(cust, "max.mustermann")
	if w == nil {
		t.Fatal("the order created no workplace")
	}
	found := false
	for _, row := range strings.Split(orders, "\n") {
		found = found || strings.Contains(row, w.ID) && strings.Contains(row, "open")
	}
	if !found {
		t.Errorf("orders %q lack the open order of %s", orders, w.ID)
	}
}
