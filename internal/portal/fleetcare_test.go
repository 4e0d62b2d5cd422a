package portal_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// upload sends the firmware form as a browser does: the form token
// first (unless token is empty), then model and version, then the file.
func (b *browser) upload(token, model, version, name string, body []byte) page {
	b.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range [][2]string{{"csrf", token}, {"model", model}, {"version", version}} {
		if f[1] != "" {
			b.e.must(mw.WriteField(f[0], f[1]))
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	b.e.must(err)
	_, err = fw.Write(body)
	b.e.must(err)
	b.e.must(mw.Close())
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+"/firmware", &buf)
	b.e.must(err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// fetchProfile renders the device's profile and records it as fetched,
// as the provisioning server does when the phone loads it: a version of
// its settings history.
func (e *env) fetchProfile(d *app.DeviceView) {
	e.t.Helper()
	prov, err := e.svc.ProvisioningByKey(e.ctx, d.AccessKey)
	e.must(err)
	files, err := vendors.Render(prov.Profile(prov.SiteEncryption), prov.Model)
	e.must(err)
	var fs []*switchboard.FetchedFile
	for _, f := range files {
		fs = append(fs, &switchboard.FetchedFile{DeviceID: d.ID, Name: f.Name, Hash: switchboard.FileHash(f.Body), Body: f.Body, FetchedAt: time.Now()})
	}
	e.must(e.svc.RecordFetchedFiles(e.ctx, fs))
}

// firmwareID finds the id of the uploaded version on the firmware page.
var firmwareRow = regexp.MustCompile(`<tr id="fw-(fw_[^"]+)"><th scope="row">yealink-t54w</th><td>96\.86\.0\.160</td>`)

// TestFirmwarePages: the operator uploads a file through the streamed
// form (the token first, or it is refused) and sees it with its size and
// SHA-256; an administrator cannot upload, pins the version for the
// customer and the device page shows it as the target; the pinned file
// cannot be deleted and the page says why. A rollout started from the
// form shows its first ring, pauses, and refuses a new pin while it runs.
func TestFirmwarePages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	ops, admin := e.loggedIn("ops"), e.loggedIn(e.acme.admin)
	image := bytes.Repeat([]byte("T54W firmware "), 1000)
	sum := sha256.Sum256(image)

	ops.get("/firmware")
	wantIn(t, "upload without the form token", ops.upload("", "yealink-t54w", "96.86.0.160", "T54W-96.86.0.160.rom", image), http.StatusForbidden)
	wantIn(t, "upload of an empty file", ops.upload(ops.csrf, "yealink-t54w", "96.86.0.160", "T54W-96.86.0.160.rom", nil),
		http.StatusUnprocessableEntity, "the file is empty")
	p := ops.upload(ops.csrf, "yealink-t54w", "96.86.0.160", "T54W-96.86.0.160.rom", image)
	wantIn(t, "upload", p, http.StatusOK, "The firmware file is uploaded", "96.86.0.160", "T54W-96.86.0.160.rom",
		hex.EncodeToString(sum[:]), "14,000 bytes")
	m := firmwareRow.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("the firmware page does not list the upload:\n%s", p.body)
	}
	fw := m[1]
	admin.get("/firmware")
	wantIn(t, "administrator's upload", admin.upload(admin.csrf, "yealink-t54w", "1.0", "x.rom", image), http.StatusForbidden)

	cust, dev := e.acme.cust.ID, e.acme.desk1
	wantIn(t, "pins page", admin.get("/customers/"+cust+"/firmware"), http.StatusOK, "96.86.0.160 (T54W-96.86.0.160.rom)")
	p = admin.post("/customers/"+cust+"/firmware", url.Values{"model": {"yealink-t54w"}, "firmware": {fw}})
	wantIn(t, "pin", p, http.StatusOK, "The pin is saved", `<td class="pin-version">96.86.0.160</td>`,
		`<option value="`+fw+`" selected>96.86.0.160`)
	e.register(dev.ID)
	wantIn(t, "device page", admin.get("/devices/"+dev.ID), http.StatusOK,
		`<dd id="fw-running">96.86.0.100</dd>`, `<dd id="fw-target">96.86.0.160</dd>`, `href="/devices/`+dev.ID+`/history"`)

	ops.get("/firmware")
	p = ops.post("/firmware/"+fw+"/delete", nil)
	wantIn(t, "delete of the pinned file", p, http.StatusConflict, `id="firmware-error"`, "fw-"+fw)

	p = admin.post("/customers/"+cust+"/rollouts", url.Values{"firmware": {fw}, "first_ring": {e.acme.desk2.ID},
		"percents": {"10, abc"}, "ring_minutes": {"15"}})
	wantIn(t, "rollout with bad percents", p, http.StatusUnprocessableEntity, "whole numbers separated by commas")
	p = admin.post("/customers/"+cust+"/rollouts", url.Values{"firmware": {fw}, "first_ring": {e.acme.desk2.ID},
		"percents": {"50, 100"}, "ring_minutes": {"15"}, "max_failed_percent": {"0"}, "spread_minutes": {"0"}})
	wantIn(t, "rollout started", p, http.StatusOK, "The rollout is started.", "Ring 1: the chosen phones", "Ring 2: 50 % of the phones", `id="pause"`,
		"15 min per ring, 0 % failures allowed, spread over 0 min")
	wantIn(t, "rollouts list", admin.get("/customers/"+cust+"/rollouts"), http.StatusOK, "running", "ring 1 of 3")
	rollout := regexp.MustCompile(`action="/rollouts/([^/"]+)/pause"`).FindStringSubmatch(p.body)
	if rollout == nil {
		t.Fatalf("no pause button on the rollout page:\n%s", p.body)
	}
	e.must(e.svc.StepRollouts(e.ctx, time.Second))
	wantIn(t, "first ring", admin.get("/rollouts/"+rollout[1]), http.StatusOK, "acme desk two", "waiting for the new version",
		"Phones in this ring: 1; back with the new version: 0; not back in time: 0.")
	wantIn(t, "device in the rollout", admin.get("/devices/"+e.acme.desk2.ID), http.StatusOK, `href="/rollouts/`+rollout[1]+`"`)
	wantIn(t, "paused", admin.post("/rollouts/"+rollout[1]+"/pause", nil), http.StatusOK, "The rollout is paused", `id="resume"`)
	p = admin.post("/customers/"+cust+"/firmware", url.Values{"model": {"yealink-t54w"}, "firmware": {""}})
	wantIn(t, "unpin during a rollout", p, http.StatusOK)
	p = admin.post("/customers/"+cust+"/firmware", url.Values{"model": {"yealink-t54w"}, "firmware": {fw}})
	wantIn(t, "pin during a rollout", p, http.StatusConflict, "is under way")
	wantIn(t, "aborted", admin.post("/rollouts/"+rollout[1]+"/abort", nil), http.StatusOK, "The rollout is aborted", "aborted")
}

// TestHistoryPages: a device with two versions shows both with the
// change and the person behind the second, the difference with its lines
// marked and the SIP password masked; rolling back to the first asks
// first, saying the phone loads its configuration, then restores its keys
// and tells the phone. The site's rollback to a time restores the same.
func TestHistoryPages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	admin, dev := e.loggedIn(e.acme.admin), e.acme.desk1
	e.fetchProfile(dev)
	wantIn(t, "one version", admin.get("/devices/"+dev.ID+"/history"), http.StatusOK, `id="version-1"`, "current")
	before := time.Now().UTC()
	admin.get("/devices/" + dev.ID + "/keys")
	p := admin.post("/devices/"+dev.ID+"/keys", url.Values{"module": {"0"}, "type_1": {"blf"}, "value_1": {"202"}, "label_1": {"Anna"}})
	if len(e.stored(dev.ID).Keys) != 1 {
		t.Fatalf("the key was not saved: %d\n%s", p.status, p.body)
	}
	e.fetchProfile(dev)

	sip := e.stored(dev.ID).SIP.Password
	p = admin.get("/devices/" + dev.ID + "/history")
	wantIn(t, "history", p, http.StatusOK, `id="version-2"`, `id="version-1"`, "device.keys", "by "+e.acme.admin+" (portal)",
		"Difference from version 1 to version 2", `<ins class="diff-add">&#43;linekey.1.label = Anna</ins>`, "Anna", `href="/devices/`+dev.ID+`/history/1/rollback"`)
	wantOut(t, "history", p, sip)
	wantIn(t, "same version twice", admin.get("/devices/"+dev.ID+"/history?from=2&to=2"), http.StatusOK, "The two versions are the same.")
	wantIn(t, "reversed", admin.get("/devices/"+dev.ID+"/history?from=2&to=1"), http.StatusOK, `<del class="diff-del">-linekey.1.label = Anna</del>`)

	wantIn(t, "rollback confirmation", admin.get("/devices/"+dev.ID+"/history/1/rollback"), http.StatusOK,
		"loads its configuration again at once", `id="confirm"`)
	p = admin.post("/devices/"+dev.ID+"/history/1/rollback", nil)
	wantIn(t, "rolled back", p, http.StatusOK, "Version 1 is restored.")
	if got := e.stored(dev.ID); len(got.Keys) != 0 || got.PendingAction != switchboard.ActionSync {
		t.Errorf("after the rollback: keys %+v, pending %q; want none and a sync", got.Keys, got.PendingAction)
	}
	wantIn(t, "unknown version", admin.get("/devices/"+dev.ID+"/history/9/rollback"), http.StatusNotFound)

	site := e.stored(dev.ID)
	w, err := e.svc.Workplace(e.ctx, switchboard.System, site.WorkplaceID)
	e.must(err)
	path := "/sites/" + w.SiteID + "/rollback"
	wantIn(t, "site rollback form", admin.get(path), http.StatusOK, "Every phone of the site loads its configuration again")
	wantIn(t, "site rollback without a time", admin.post(path, url.Values{"at": {"yesterday"}}), http.StatusUnprocessableEntity, "Enter a date and time.")
	p = admin.post(path, url.Values{"at": {before.Add(time.Second).Format("2006-01-02T15:04:05")}})
	wantIn(t, "site rolled back", p, http.StatusOK, "Phones restored and told to load their configuration: 1.", "acme desk one")
}

// TestFleetCarePagesIsolation walks the firmware, rollout, history and
// site rollback pages with another customer's ids as a company
// administrator and as a user: every one answers 404 and changes nothing.
func TestFleetCarePagesIsolation(t *testing.T) {
	e := newEnv(t, portal.Options{})
	sys, foreign := switchboard.System, e.other
	fw, err := e.svc.UploadFirmware(e.ctx, sys, app.FirmwareUpload{Model: "yealink-t54w", Version: "96.86.0.160", Body: strings.NewReader("image")})
	e.must(err)
	r, err := e.svc.CreateRollout(e.ctx, sys, foreign.cust.ID, app.RolloutInput{Model: "yealink-t54w", Firmware: fw.ID, FirstRing: []string{foreign.desk1.ID}})
	e.must(err)
	e.fetchProfile(foreign.desk1)
	w, err := e.svc.Workplace(e.ctx, sys, foreign.wp1.ID)
	e.must(err)
	rep := strings.NewReplacer("{cust}", foreign.cust.ID, "{dev}", foreign.desk1.ID, "{rollout}", r.ID, "{site}", w.SiteID)
	routes := []struct{ method, path string }{
		{"GET", "/customers/{cust}/firmware"},
		{"POST", "/customers/{cust}/firmware"},
		{"POST", "/customers/{cust}/firmware/remove"},
		{"GET", "/customers/{cust}/rollouts"},
		{"POST", "/customers/{cust}/rollouts"},
		{"GET", "/rollouts/{rollout}"},
		{"POST", "/rollouts/{rollout}/pause"},
		{"POST", "/rollouts/{rollout}/abort"},
		{"GET", "/devices/{dev}/history"},
		{"GET", "/devices/{dev}/history/1/rollback"},
		{"POST", "/devices/{dev}/history/1/rollback"},
		{"GET", "/sites/{site}/rollback"},
		{"POST", "/sites/{site}/rollback"},
	}
	for _, who := range []string{e.acme.admin, e.acme.wp1.Username} {
		b := e.loggedIn(who)
		for _, rt := range routes {
			path := rep.Replace(rt.path)
			b.get("/account")
			var p page
			if rt.method == "GET" {
				p = b.get(path)
			} else {
				p = b.post(path, url.Values{"model": {"yealink-t54w"}, "firmware": {fw.ID}, "first_ring": {foreign.desk1.ID}, "at": {"2026-01-01T00:00"}})
			}
			if p.status != http.StatusNotFound {
				t.Errorf("%s: %s %s = %d, want 404", who, rt.method, path, p.status)
			}
		}
	}
	got, err := e.svc.Rollout(e.ctx, sys, r.ID)
	e.must(err)
	if got.State != switchboard.RolloutRunning {
		t.Errorf("another customer's rollout is %s, want running", got.State)
	}
	if pins, err := e.svc.FirmwarePins(e.ctx, sys, foreign.cust.ID); err != nil || len(pins) != 0 {
		t.Errorf("another customer's pins: %v (%v), want none", pins, err)
	}
}
