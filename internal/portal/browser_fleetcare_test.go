package portal_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestBrowserFleetCare drives Chromium as the operator: uploads a firmware
// file through the form, pins it for the customer, and sees it as the
// device's target version; then opens a device whose settings history
// has two versions, reads the difference with the added key marked, and
// rolls back to the first version after the confirmation. Every page is
// checked for sideways scrolling on a 375 px wide screen at the end. The
// difference's screenshot goes to the README's pictures as
// portal-history.png.
func TestBrowserFleetCare(t *testing.T) {
	ctx := newChrome(t, 1024)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	base, cust, dev := e.srv.URL, e.acme.cust.ID, e.acme.desk1
	image := filepath.Join(t.TempDir(), "T54W-96.86.0.160.rom")
	e.must(os.WriteFile(image, bytes.Repeat([]byte("firmware "), 4096), 0o600))
	e.fetchProfile(dev)
	_, err := e.svc.SetKeys(e.ctx, switchboard.System, dev.ID, []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "202", Label: "Anna"}})
	e.must(err)
	e.fetchProfile(dev)

	var files, pins, target, diff, warning, result string
	var scrolled bool
	err = chromedp.Do(ctx,
		logIn(base, "ops"),
		chromedp.Navigate(base+"/firmware"),
		chromedp.SetValue(chromedp.CSS("#fw-model"), "yealink-t54w"),
		chromedp.SendKeys(chromedp.CSS("#fw-version"), "96.86.0.160"),
		chromedp.SetUploadFiles(chromedp.CSS("#fw-file"), []string{image}),
		shoot(dir, "firmware-form"),
		chromedp.Click(chromedp.CSS("#upload")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		into(&files, chromedp.Text(chromedp.CSS("#firmware-files"))), shoot(dir, "firmware"),

		chromedp.Navigate(base+"/customers/"+cust),
		chromedp.Click(chromedp.CSS("#pins-link")),
		chromedp.WaitVisible(chromedp.CSS("#pin-firmware-0")),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.SetValue(chromedp.CSS("#pin-firmware-0"), e.firmwareOf("96.86.0.160"))(ctx, t)
			return err
		}),
		chromedp.Click(chromedp.CSS("#pin-save-0")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		into(&pins, chromedp.Text(chromedp.CSS("#pins"))), shoot(dir, "pins"),
		chromedp.Navigate(base+"/devices/"+dev.ID),
		into(&target, chromedp.Text(chromedp.CSS("#fw-target"))),

		chromedp.Click(chromedp.CSS("#history-link")),
		chromedp.WaitVisible(chromedp.CSS("#history-diff")),
		into(&diff, chromedp.Text(chromedp.CSS("#history-diff ins"))),
		into(&scrolled, chromedp.Evaluate[bool](`document.getElementById("hdiff-h").scrollIntoView(), true`)),
		shoot(dir, "portal-history"),
		chromedp.Click(chromedp.CSS("#rollback-1")),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
		into(&warning, chromedp.Text(chromedp.CSS("main .warning"))),
		chromedp.Click(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("#result")),
		into(&result, chromedp.Text(chromedp.CSS("#result"))),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, got, want string }{
		{"firmware list", files, "96.86.0.160"},
		{"firmware size", files, "36,864 bytes"},
		{"pins", pins, "96.86.0.160"},
		{"device's target", target, "96.86.0.160"},
		{"difference", diff, "+linekey."},
		{"confirmation", warning, "loads its configuration again"},
		{"result", result, "Version 1 is restored."},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s: %q lacks %q", c.what, c.got, c.want)
		}
	}
	if got := e.stored(dev.ID); len(got.Keys) != 0 {
		t.Errorf("keys after the rollback: %+v, want none", got.Keys)
	}
	for _, path := range []string{"/firmware", "/customers/" + cust + "/firmware", "/customers/" + cust + "/rollouts", "/devices/" + dev.ID + "/history"} {
		var scroll, client int
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(375, 800),
			chromedp.Navigate(base+path),
			chromedp.WaitVisible(chromedp.CSS("main h1")),
			into(&scroll, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)),
			into(&client, chromedp.Evaluate[int](`document.documentElement.clientWidth`)),
		)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if scroll > client {
			t.Errorf("%s is %d px wide on a %d px screen", path, scroll, client)
		}
	}
}

// firmwareOf is the id of the uploaded yealink-t54w firmware of version.
func (e *env) firmwareOf(version string) string {
	e.t.Helper()
	fs, _, err := e.svc.Firmwares(e.ctx, switchboard.System, "yealink-t54w", switchboard.Page{})
	e.must(err)
	for _, f := range fs {
		if f.Version == version {
			return f.ID
		}
	}
	return ""
}
