package portal_test

import (
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestBrowserWalk is issue 15's walk through the portal in one browser: a
// company administrator logs in, creates a workplace through the wizard,
// adds a desk phone to it once the order is carried out, watches the phone
// turn online when it registers (no reload), resets it and the NOTIFY
// reaches the phone, switches to French; then the workplace's user logs
// in and sees only their own phone.
func TestBrowserWalk(t *testing.T) {
	ctx := newChrome(t, 1024)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	cust, base := e.acme.cust.ID, e.srv.URL
	_, err := e.svc.AddNumbers(e.ctx, switchboard.System, cust, app.NumbersInput{Numbers: []string{"+493012345601"}})
	e.must(err)
	e.must(chromedp.Do(ctx,
		logIn(base, e.acme.admin),
		fillWizard(cust),
		chromedp.Click(chromedp.CSS("#to-cart")),
		chromedp.WaitVisible(chromedp.CSS("#order")),
		chromedp.Click(chromedp.CSS("#order")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")), shoot(dir, "walk-ordered"),
	))
	w := e.workplaceNamed(cust, "max.mustermann")
	if w == nil {
		t.Fatal("the wizard created no workplace")
	}
	// The order worker carries the order out, as serve's does.
	_, err = e.svc.ProcessOrders(e.ctx)
	e.must(err)

	var location string
	e.must(chromedp.Do(ctx,
		chromedp.Navigate(base+"/workplaces/"+w.ID),
		chromedp.Click(chromedp.CSS("a#add-device")),
		chromedp.WaitVisible(chromedp.CSS("#description")),
		chromedp.SetValue(chromedp.CSS("#model"), "yealink-t54w"),
		chromedp.SendKeys(chromedp.CSS("#description"), "Max desk"),
		chromedp.SendKeys(chromedp.CSS("#mac"), "001565abcdef"), shoot(dir, "walk-add-device"),
		chromedp.Click(chromedp.CSS("button#add-device")),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-live="open"]`)),
		into(&location, chromedp.Location()),
		into(new(bool), chromedp.Evaluate[bool](`window.notReloaded = true`)),
	))
	u, err := url.Parse(location)
	e.must(err)
	dev := path.Base(u.Path)
	if d := e.stored(dev); d.WorkplaceID != w.ID || d.MAC != "001565abcdef" {
		t.Fatalf("the form added %s to %q with MAC %q", dev, d.WorkplaceID, d.MAC)
	}

	start := time.Now()
	e.register(dev)
	var kept bool
	var confirm, result string
	e.must(chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#status.status-online")),
		into(&kept, chromedp.Evaluate[bool](`window.notReloaded === true`)),
	))
	if took := time.Since(start); !kept || took > time.Second {
		t.Errorf("online shown after %v (page kept: %v), want within a second without a reload", took, kept)
	}
	e.must(chromedp.Do(ctx, shoot(dir, "walk-online"),
		chromedp.Click(chromedp.CSS(`a[href="/devices/`+dev+`/actions/reset"]`)),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		into(&confirm, chromedp.Text(chromedp.CSS("main .warning"))),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("#result")),
		into(&result, chromedp.Text(chromedp.CSS("#result"))),
	))
	if got := e.sip.Notified(); len(got) != 1 || !strings.HasPrefix(got[0], dev) {
		t.Errorf("NOTIFYs after the reset: %v, want one to %s", got, dev)
	}

	var frTitle, frTiles, mine string
	pw, err := e.svc.SetUserPassword(e.ctx, switchboard.System, w.ID)
	e.must(err)
	e.must(chromedp.Do(ctx,
		chromedp.Navigate(base+"/account"),
		chromedp.SetValue(chromedp.CSS("#language"), "fr"),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		chromedp.Navigate(base+"/devices/"+dev),
		into(&frTitle, chromedp.Text(chromedp.CSS("h1"))),
		into(&frTiles, chromedp.Text(chromedp.CSS(".tiles"))), shoot(dir, "walk-french"),
		chromedp.Click(chromedp.CSS(".logout button")),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		logInWith(base, w.Username, pw),
		into(&mine, chromedp.Text(chromedp.CSS("main"))), shoot(dir, "walk-user"),
	))
	for _, c := range []struct{ what, got, want string }{
		{"confirmation", confirm, "factory settings"},
		{"result", result, "the phone has been told"},
		{"French title", frTitle, "Terminal"},
		{"French tiles", frTiles, "Réinitialiser"},
		{"user's devices", mine, "Max desk"},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s: %q lacks %q", c.what, c.got, c.want)
		}
	}
	for _, other := range []string{e.acme.desk1.Description, e.acme.desk2.Description} {
		if strings.Contains(mine, other) {
			t.Errorf("the user sees another workplace's device %q: %q", other, mine)
		}
	}
}
