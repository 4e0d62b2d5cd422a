package portal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// chromium is Debian's browser, which scripts/test.sh installs.
const chromium = "/usr/bin/chromium"

// screenshotDir is where the browser tests write their screenshots:
// $SWITCHBOARD_SCREENSHOTS, else a temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("SWITCHBOARD_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// newChrome starts a headless Chromium with its own profile and a window
// of the given width, closed when the test ends.
func newChrome(t *testing.T, width int) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("browser test needs %s (apt-get install chromium): %v", chromium, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// shoot saves a screenshot of the visible page as name.png.
func shoot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.CaptureScreenshot()(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// into runs a and keeps its value in dst.
func into[T any](dst *T, a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		v, err := a(ctx, t)
		*dst = v
		return err
	})
}

// logIn fills in and sends the log-in form with the test accounts'
// password.
func logIn(base, username string) chromedp.Action[chromedp.Void] {
	return logInWith(base, username, password)
}

// logInWith fills in and sends the log-in form.
func logInWith(base, username, pw string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), pw),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("nav")),
		settled(),
	)
}

// settled waits until the page has loaded with its scripts: the element a
// test waited for shows while the page is still parsed, before app.js's
// listeners are there, and a page still loading can make the next
// Navigate return on its load event rather than the new page's.
func settled() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.readyState === "complete"`)
}

// TestBrowser drives Chromium through the portal: a company administrator
// logs in, opens a registered device, resets it after the confirmation
// and sees the NOTIFY go out; switches to French and sees French labels;
// then the user logs in and sees only their own device.
func TestBrowser(t *testing.T) {
	ctx := newChrome(t, 1024)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	base, dev := e.srv.URL, e.acme.desk1
	e.sip.SetOnline(dev.ID, switchboard.DeviceStatus{IP: "192.0.2.10", UserAgent: "Yealink SIP-T54W 96.86.0.100"})

	var list, status, confirm, result, frTitle, frTiles, mine string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"), shoot(dir, "login"),
		logIn(base, e.acme.admin),
		into(&list, chromedp.Text(chromedp.CSS("main table"))), shoot(dir, "devices"),
		// The list links to the device; the page is opened by its address,
		// since a click that navigates races the next query on a slow machine.
		chromedp.WaitVisible(chromedp.CSS(`a[href="/devices/`+dev.ID+`"]`)),
		chromedp.Navigate(base+"/devices/"+dev.ID),
		chromedp.WaitVisible(chromedp.CSS("#status")),
		into(&status, chromedp.Text(chromedp.CSS("#status"))), shoot(dir, "device"),
		chromedp.Click(chromedp.CSS(`a[href="/devices/`+dev.ID+`/actions/reset"]`)),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		into(&confirm, chromedp.Text(chromedp.CSS("main .warning"))), shoot(dir, "confirm"),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("#result")),
		into(&result, chromedp.Text(chromedp.CSS("#result"))),

		chromedp.Navigate(base+"/account"),
		chromedp.SetValue(chromedp.CSS("#language"), "fr"),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		chromedp.Navigate(base+"/devices/"+dev.ID),
		into(&frTitle, chromedp.Text(chromedp.CSS("h1"))),
		into(&frTiles, chromedp.Text(chromedp.CSS(".tiles"))), shoot(dir, "device-fr"),
		chromedp.Click(chromedp.CSS(".logout button")),
		chromedp.WaitVisible(chromedp.CSS("#username")),

		logIn(base, e.acme.wp1.Username),
		into(&mine, chromedp.Text(chromedp.CSS("main"))), shoot(dir, "user"),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, got, want string }{
		{"device list", list, "acme desk one"},
		{"status", status, "Online"},
		{"confirmation", confirm, "factory settings"},
		{"result", result, "the phone has been told"},
		{"French title", frTitle, "Terminal"},
		{"French tiles", frTiles, "Réinitialiser"},
		{"user's devices", mine, "acme desk one"},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s: %q lacks %q", c.what, c.got, c.want)
		}
	}
	if strings.Contains(mine, "acme desk two") {
		t.Errorf("the user sees another workplace's device: %q", mine)
	}
	if got := e.sip.Notified(); len(got) != 1 || !strings.HasPrefix(got[0], dev.ID) {
		t.Errorf("NOTIFYs after the reset: %v, want one to %s", got, dev.ID)
	}
}

// TestBrowserNarrow: on a 375 px wide screen the device page and the
// administrators' lists and forms need no sideways scrolling.
func TestBrowserNarrow(t *testing.T) {
	ctx := newChrome(t, 375)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	sbtest.FailedMessage(t, e.db, e.acme.cust.ID, "a long body that the administrator does not see")
	cust, wp := e.acme.cust.ID, e.acme.wp1.ID
	e.must(chromedp.Do(ctx, chromedp.EmulateViewport(375, 800), logIn(e.srv.URL, e.acme.admin)))
	for _, pg := range []struct{ name, path string }{
		{"device-375", "/devices/" + e.acme.desk1.ID + "?view=expert"},
		{"audit-375", "/customers/" + cust + "/audit"},
		{"outbox-375", "/customers/" + cust + "/outbox"},
		{"calls-375", "/workplaces/" + wp + "/calls"},
		{"device-new-375", "/workplaces/" + wp + "/devices/new"},
		{"password-375", "/account/password"},
	} {
		var scroll, client int
		err := chromedp.Do(ctx,
			chromedp.Navigate(e.srv.URL+pg.path),
			chromedp.WaitVisible(chromedp.CSS("main h1")),
			into(&scroll, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)),
			into(&client, chromedp.Evaluate[int](`document.documentElement.clientWidth`)),
			shoot(dir, pg.name),
		)
		if err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		if scroll > client {
			t.Errorf("%s is %d px wide on a %d px screen", pg.path, scroll, client)
		}
	}
}
