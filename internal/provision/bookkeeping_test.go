package provision_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// lastAccess reads a device's last access through the use case, as the
// operator.
func (e *env) lastAccess(id string) switchboard.Access {
	e.t.Helper()
	d, err := e.svc.Device(context.Background(), switchboard.System, id)
	e.must(err)
	return d.LastAccess
}

func TestLastAccessIsWrittenInBatches(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	ua := "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc"
	for range 50 {
		if r := e.get("/"+key(d)+"/001565aabbcc.cfg", ua, "10.20.30.40:5060"); r.status != http.StatusOK {
			t.Fatal(r.status)
		}
	}
	if la := e.lastAccess(d.ID); la != (switchboard.Access{}) {
		t.Fatalf("last access written before the flush: %+v", la)
	}
	e.must(e.srv.Flush(context.Background()))
	want := switchboard.Access{At: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), IP: "10.20.30.40", UserAgent: ua, File: "001565aabbcc.cfg"}
	if la := e.lastAccess(d.ID); !la.At.Equal(want.At) || la.IP != want.IP || la.UserAgent != want.UserAgent || la.File != want.File {
		t.Errorf("last access: %+v, want %+v", la, want)
	}
}

func TestWorkplaceAdminPasswordIsShownOnceFetched(t *testing.T) {
	e := newEnv(t, 1000)
	ctx := context.Background()
	d := e.device("yealink-t54w", "001565aabbcc", true)
	if _, err := e.svc.WorkplaceAdminPassword(ctx, switchboard.System, e.wp.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Fatalf("before any fetch the password is shown (err %v)", err)
	}
	body := e.get("/"+key(d)+".cfg", "", "").body
	e.must(e.srv.Flush(context.Background()))
	v, err := e.svc.WorkplaceAdminPassword(ctx, switchboard.System, e.wp.ID)
	e.must(err)
	if len(v.Password) != 40 || len(v.Devices) != 1 || !strings.HasPrefix(v.Password, v.Devices[0].Password) || !strings.Contains(body, ":"+v.Devices[0].Password+"\n") {
		t.Fatalf("shown password %+v is not the one in the profile", v)
	}

	// Reset: a new password, hidden until fetched, and a pending action the
	// next fetch carries out.
	res, err := e.svc.DeviceAction(ctx, switchboard.System, d.ID, switchboard.ActionReset)
	e.must(err)
	if res.State != app.ActionPending {
		t.Fatalf("reset without a registrar: %s", res.State)
	}
	if _, err := e.svc.WorkplaceAdminPassword(ctx, switchboard.System, e.wp.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Fatalf("after reset the old password is still shown (err %v)", err)
	}
	e.clock.Advance(time.Minute)
	body = e.get("/"+key(d)+".cfg", "", "").body
	e.must(e.srv.Flush(context.Background()))
	v2, err := e.svc.WorkplaceAdminPassword(ctx, switchboard.System, e.wp.ID)
	e.must(err)
	if v2.Password == v.Password || !strings.Contains(body, ":"+v2.Devices[0].Password+"\n") {
		t.Error("after reset and fetch the shown password is not the new one in the profile")
	}
	dv, err := e.svc.Device(ctx, switchboard.System, d.ID)
	e.must(err)
	if dv.PendingAction != switchboard.ActionNone {
		t.Errorf("pending action after the fetch: %q", dv.PendingAction)
	}
	if done := e.done.String(); done != d.ID+" reset\n" {
		t.Errorf("OnActionDone calls: %q", done)
	}
}

func TestManualAdminPasswordIsTheDevicesOwn(t *testing.T) {
	e := newEnv(t, 1000)
	d, err := e.svc.CreateDevice(context.Background(), switchboard.System, e.cust.ID, e.wp.ID,
		app.DeviceInput{Model: "yealink-t54w", MAC: "001565aabbcc", AdminPassword: "4711"})
	e.must(err)
	body := e.get("/"+key(d)+".cfg", "", "").body
	if !strings.Contains(body, "admin:4711") {
		t.Errorf("the hand-set admin password is not in the profile")
	}
	e.must(e.srv.Flush(context.Background()))
	if _, err := e.svc.WorkplaceAdminPassword(context.Background(), switchboard.System, e.wp.ID); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		t.Error("the workplace password counts as delivered though the profile carried the device's own")
	}
}
