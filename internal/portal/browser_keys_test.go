package portal_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// TestBrowserKeyEditor: with JavaScript the expansion module tabs switch
// in place (the page is not reloaded, the address follows); a key the
// domain refuses shows the rule's message next to its field on the same
// tab, and the corrected key is saved. The editor's screenshot goes to
// the README's pictures as portal-keys.png.
func TestBrowserKeyEditor(t *testing.T) {
	ctx := newChrome(t, 1024)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	base, dev := e.srv.URL, e.acme.desk1.ID
	var marker bool
	var hidden0, hidden1 bool
	var search, refusal, refusedTab, notice string
	err := chromedp.Do(ctx,
		logIn(base, e.acme.admin),
		chromedp.Navigate(base+"/devices/"+dev),
		chromedp.WaitVisible(chromedp.CSS("#keys-0")),
		settled(),
		into(&marker, chromedp.Evaluate[bool](`window.notReloaded = true`)),
		chromedp.Click(chromedp.CSS("#tab-1")),
		chromedp.WaitVisible(chromedp.CSS("#keys-1")),
		into(&marker, chromedp.Evaluate[bool](`window.notReloaded === true`)),
		into(&hidden0, chromedp.Evaluate[bool](`document.getElementById("keys-0").hidden`)),
		into(&search, chromedp.Evaluate[string](`location.search`)),
		chromedp.SetValue(chromedp.CSS("#type_1_1"), "blf"),
		chromedp.SendKeys(chromedp.CSS("#value_1_1"), "20x"),
		chromedp.SendKeys(chromedp.CSS("#label_1_1"), "Anna"),
		chromedp.Click(chromedp.CSS("#keys-save-1")),
		chromedp.WaitVisible(chromedp.CSS("#keys-1 .field-error")),
		settled(),
		into(&refusal, chromedp.Text(chromedp.CSS("#keys-1 .field-error"))),
		into(&refusedTab, chromedp.Evaluate[string](`document.querySelector('[aria-selected="true"]').id`)),
		chromedp.SetValue(chromedp.CSS("#value_1_1"), "202"),
		chromedp.Click(chromedp.CSS("#keys-save-1")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		settled(),
		into(&notice, chromedp.Text(chromedp.CSS("p.notice"))),
		into(&hidden1, chromedp.Evaluate[bool](`document.getElementById("keys-1").hidden`)),
		chromedp.ScrollIntoView(chromedp.CSS("#keys")),
		shoot(dir, "portal-keys"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !marker || !hidden0 || !strings.Contains(search, "module=1") {
		t.Errorf("tab switch: page kept %v, phone's tab hidden %v, address %q", marker, hidden0, search)
	}
	if !strings.Contains(refusal, "a blf key takes an extension") || refusedTab != "tab-1" {
		t.Errorf("refusal %q on %s, want the rule's message on tab-1", refusal, refusedTab)
	}
	if !strings.Contains(notice, "saved") || hidden1 {
		t.Errorf("after the save: notice %q, module 1 hidden %v", notice, hidden1)
	}
	if ks := e.keysOf(dev, 1); len(ks) != 1 || ks[0].Type != switchboard.KeyBLF || ks[0].Value != "202" || ks[0].Label != "Anna" {
		t.Errorf("module 1 keys %+v, want the BLF key 202 labelled Anna", ks)
	}
}

// TestBrowserDevicePagesNarrow: on a 375 px wide screen the pages of this
// part need no sideways scrolling: a module of the key editor, a DECT
// base with a handset, the link confirmation and the workplace page.
func TestBrowserDevicePagesNarrow(t *testing.T) {
	ctx := newChrome(t, 375)
	dir := screenshotDir(t)
	e := newEnv(t, portal.Options{})
	b, err := e.svc.CreateDevice(e.ctx, switchboard.System, e.acme.cust.ID, "", app.DeviceInput{Model: "yealink-w70b", Description: "Lager"})
	e.must(err)
	_, err = e.svc.CreateDevice(e.ctx, switchboard.System, e.acme.cust.ID, e.acme.wp1.ID, app.DeviceInput{Model: "yealink-w73h", Base: b.ID})
	e.must(err)
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(375, 800), logIn(e.srv.URL, e.acme.admin)}
	// part is what the screenshot shows.
	pages := []struct{ name, path, part string }{
		{"keys-375", "/devices/" + e.acme.desk1.ID + "?module=2", "#keys"},
		{"dect-375", "/devices/" + b.ID, "#dect"},
		{"unlink-375", "/devices/" + e.acme.desk1.ID + "/unlink", "main"},
		{"workplace-375", "/workplaces/" + e.acme.wp1.ID, "#hotdesk"},
	}
	widths := make([][2]int, len(pages))
	for i, p := range pages {
		steps = append(steps, chromedp.Navigate(e.srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main")),
			into(&widths[i][0], chromedp.Evaluate[int](`document.documentElement.scrollWidth`)),
			into(&widths[i][1], chromedp.Evaluate[int](`document.documentElement.clientWidth`)),
			chromedp.ScrollIntoView(chromedp.CSS(p.part)), shoot(dir, p.name))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	for i, p := range pages {
		if widths[i][0] > widths[i][1] {
			t.Errorf("%s: the page is %d px wide on a %d px screen", p.path, widths[i][0], widths[i][1])
		}
	}
}
