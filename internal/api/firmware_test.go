package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// firmwareFixtures uploads a firmware of acme-d100, pins it at tenant a
// and starts a rollout of it there; it returns the firmware's and the
// rollout's ids.
func (e *env) firmwareFixtures(a tenant) (fw, rollout string) {
	e.t.Helper()
	fw = e.must(201, "POST", "/api/v1/firmware?model=acme-d100&version=2.0.1&file_name=d100.bin", e.operator, "firmware image").str("id")
	e.must(200, "PUT", "/api/v1/customers/"+a.customer+"/firmware-pins", a.admin, map[string]any{"model": "acme-d100", "firmware": fw})
	rollout = e.must(201, "POST", "/api/v1/customers/"+a.customer+"/rollouts", a.admin,
		map[string]any{"model": "acme-d100", "firmware": fw, "first_ring": []string{a.dev1}}).str("id")
	return fw, rollout
}

// pinLines prints a customer's pins for the snapshot.
func pinLines(tx switchboard.Tx, customerID string) (string, error) {
	pins, err := tx.FirmwarePins(customerID)
	return lines(pins, "", err)
}

// TestFirmwareUpload uploads firmware raw and as a multipart form, checks
// the checksum and the refusals, and that a pinned file cannot be deleted.
func TestFirmwareUpload(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	content := []byte(strings.Repeat("firmware image ", 1000))
	sum := sha256.Sum256(content)
	hexSum := hex.EncodeToString(sum[:])

	raw := e.must(201, "POST", "/api/v1/firmware?model=acme-d100&version=1.2.3&sha256="+hexSum, e.operator, content)
	if raw.str("sha256") != hexSum || raw.obj()["size"] != float64(len(content)) || raw.str("file_name") != "acme-d100.bin" {
		t.Errorf("raw upload answered %s", raw.raw)
	}
	if r := e.call("POST", "/api/v1/firmware?model=acme-d100&version=1.2.4&sha256="+strings.Repeat("0", 64), e.operator, content); r.status != 422 ||
		!strings.Contains(string(r.raw), hexSum) {
		t.Errorf("upload with a wrong checksum: %d %s, want 422 naming the checksum that arrived", r.status, r.raw)
	}
	for _, c := range []struct{ query, token string }{
		{"model=acme-d100&version=1.2.3", e.operator},   // the version exists
		{"model=nosuch&version=1", e.operator},          // no such model
		{"model=acme-d100&version=../../x", e.operator}, // not a file name
		{"model=acme-d100&version=1.2.9", a.admin},      // operators only
	} {
		if r := e.call("POST", "/api/v1/firmware?"+c.query, c.token, content); r.status < 400 {
			t.Errorf("upload %s: %d %s, want a refusal", c.query, r.status, r.raw)
		}
	}

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	_ = mw.WriteField("model", "acme-d100")
	_ = mw.WriteField("version", "1.3.0")
	fwPart, _ := mw.CreateFormFile("file", "D100-1.3.0.rom")
	_, _ = fwPart.Write(content)
	_ = mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/firmware", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.operator)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"file_name":"D100-1.3.0.rom"`) || !strings.Contains(rec.Body.String(), hexSum) {
		t.Fatalf("multipart upload: %d %s", rec.Code, rec.Body)
	}

	list := e.must(200, "GET", "/api/v1/firmware?model=acme-d100", a.admin, nil).items()
	if len(list) != 2 {
		t.Fatalf("firmware list shows %d files, want 2: %v", len(list), list)
	}
	id := raw.str("id")
	e.must(200, "PUT", "/api/v1/customers/"+a.customer+"/firmware-pins", a.admin, map[string]any{"model": "acme-d100", "firmware": id})
	st := e.must(200, "GET", "/api/v1/devices/"+a.dev1+"/status", a.admin, nil)
	if st.str("target_firmware") != "1.2.3" {
		t.Errorf("status of a device of the pinned model: %s, want target_firmware 1.2.3", st.raw)
	}
	e.must(409, "DELETE", "/api/v1/firmware/"+id, e.operator, nil)
	e.must(204, "DELETE", "/api/v1/customers/"+a.customer+"/firmware-pins/acme-d100", a.admin, nil)
	e.must(204, "DELETE", "/api/v1/firmware/"+id, e.operator, nil)
	if got := e.must(200, "GET", "/api/v1/firmware", e.operator, nil).items(); len(got) != 1 {
		t.Errorf("after the deletion the list shows %d files, want 1", len(got))
	}
}

// TestRolloutControl creates a rollout, pauses, resumes and aborts it,
// and refuses a second active rollout of the model and a pin while it
// runs.
func TestRolloutControl(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	fw, rol := e.firmwareFixtures(a)
	e.must(409, "POST", "/api/v1/customers/"+a.customer+"/rollouts", a.admin, map[string]any{"model": "acme-d100", "firmware": fw})
	e.must(409, "PUT", "/api/v1/customers/"+a.customer+"/firmware-pins", a.admin, map[string]any{"model": "acme-d100", "firmware": fw})
	e.must(422, "POST", "/api/v1/customers/"+a.customer+"/rollouts", a.admin,
		map[string]any{"model": "acme-d100", "firmware": fw, "percents": []int{50, 20}})
	for _, c := range []struct {
		cmd, state string
		status     int
	}{
		{"resume", "", 409}, {"pause", "paused", 200}, {"pause", "", 409}, {"resume", "running", 200}, {"abort", "aborted", 200}, {"abort", "", 409},
	} {
		r := e.must(c.status, "POST", "/api/v1/rollouts/"+rol+"/"+c.cmd, a.admin, nil)
		if c.state != "" && r.str("state") != c.state {
			t.Errorf("%s: state %q, want %q", c.cmd, r.str("state"), c.state)
		}
	}
	got := e.must(200, "GET", "/api/v1/rollouts/"+rol, a.admin, nil)
	if got.str("state") != "aborted" || got.str("version") != "2.0.1" {
		t.Errorf("rollout after abort: %s", got.raw)
	}
	if items := e.must(200, "GET", "/api/v1/customers/"+a.customer+"/rollouts", a.admin, nil).items(); len(items) != 1 {
		t.Errorf("rollout list: %v", items)
	}
}

// TestSiteActionSpread reboots a site's devices over a one-second window:
// both become pending at once, the first is told at once and the second
// by the planned actions' worker a second later, not before; another
// customer's administrator finds no site.
func TestSiteActionSpread(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	for _, d := range []string{a.dev1, a.dev2} {
		e.sip.SetOnline(d, switchboard.DeviceStatus{State: switchboard.StateOnline})
	}
	e.must(404, "POST", "/api/v1/sites/"+a.site+"/reboot", b.admin, map[string]any{})
	r := e.must(200, "POST", "/api/v1/sites/"+a.site+"/reboot", a.admin, map[string]any{"spread": 1})
	if r.obj()["devices"] != float64(2) {
		t.Fatalf("site reboot: %s, want 2 devices", r.raw)
	}
	for _, d := range []string{a.dev1, a.dev2} {
		if got := e.must(200, "GET", "/api/v1/devices/"+d, a.admin, nil).str("pending_action"); got != "reboot" {
			t.Errorf("device %s: pending action %q, want reboot at once", d, got)
		}
	}
	if n := len(e.sip.Notified()); n != 1 {
		t.Errorf("%d NOTIFYs right after the call, want the first device's only", n)
	}
	for _, step := range []struct {
		after time.Duration
		want  int
	}{{900 * time.Millisecond, 1}, {100 * time.Millisecond, 2}} {
		e.now = e.now.Add(step.after)
		if _, err := e.svc.TellDueActions(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := e.sip.Notified(); len(got) != step.want {
			t.Errorf("NOTIFYs %v after %s more, want %d", got, step.after, step.want)
		}
	}
}
