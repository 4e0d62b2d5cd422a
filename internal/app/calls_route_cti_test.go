package app_test

import (
	"reflect"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestRouteClickToDial: a call the workplace places through CTI rings the
// destination as from its device, and starts at the workplace's devices,
// or at its remote office when that is on. Asked for its own devices
// (CallRetrieve) it answers them, never the remote office.
func TestRouteClickToDial(t *testing.T) {
	e, h := newHotDesk(t)
	req := switchboard.CallRequest{WorkplaceID: h.wp1.ID, Dialled: "202"}
	r, err := e.svc.Route(e.ctx, req)
	if err != nil || r.Refused != nil {
		t.Fatalf("Route: %v, %v", err, r.Refused)
	}
	if got := describe(r); !reflect.DeepEqual(got, []string{h.wp2.ID + ":" + h.desk2.ID}) || r.CallerNumber != "201" {
		t.Fatalf("targets %v from %q", got, r.CallerNumber)
	}
	if r.Origin == nil || r.Origin.WorkplaceID != h.wp1.ID || !reflect.DeepEqual(r.Origin.DeviceIDs, []string{h.desk1.ID}) {
		t.Fatalf("origin %+v, want the workplace's device", r.Origin)
	}
	_, err = e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.1:5060",
		CallerID: "+493010000099", Password: "secret"})
	e.must(err)
	e.callSettings(h.tenant, h.wp1.ID, app.CallSettingsPatch{RemoteOffice: ptr(true), RemoteOfficeNumber: ptr("+4940123456")})
	if r, err = e.svc.Route(e.ctx, req); err != nil || r.Origin == nil || r.Origin.Number != "+4940123456" {
		t.Fatalf("with remote office: origin %+v, %v", r.Origin, err)
	}
	r, err = e.svc.Route(e.ctx, switchboard.CallRequest{WorkplaceID: h.wp1.ID, OwnDevices: true})
	if err != nil || r.Refused != nil || len(r.Targets) != 0 || r.Origin == nil || !reflect.DeepEqual(r.Origin.DeviceIDs, []string{h.desk1.ID}) {
		t.Fatalf("own devices with remote office on: %+v, %v; want the devices, not the office", r, err)
	}
	r, err = e.svc.Route(e.ctx, switchboard.CallRequest{WorkplaceID: "nope", Dialled: "202"})
	if err != nil || switchboard.ErrorCode(r.Refused) != switchboard.ENOTFOUND {
		t.Fatalf("unknown workplace: %v, %v", err, r.Refused)
	}
}

// TestClickToDialFromTheRemoteOfficeOverTheTopStop: a workplace over its
// TopStop whose remote office is a public number places its CTI calls
// from its own devices: the leg to the remote office would cost what the
// limit forbids. Under the limit the call starts at the remote office,
// on the workplace's account.
func TestClickToDialFromTheRemoteOfficeOverTheTopStop(t *testing.T) {
	e, h := newTopStop(t)
	_, err := e.svc.UpdateWorkplace(e.ctx, h.admin, h.wp1.ID, app.WorkplacePatch{ChargeLimit: ptr(int64(50))})
	e.must(err)
	e.callSettings(h.tenant, h.wp1.ID, app.CallSettingsPatch{RemoteOffice: ptr(true), RemoteOfficeNumber: ptr(outside)})
	req := switchboard.CallRequest{WorkplaceID: h.wp1.ID, Dialled: "202"}
	r, err := e.svc.Route(e.ctx, req)
	if err != nil || r.Origin == nil || r.Origin.Number != outside || r.Origin.WorkplaceID != h.wp1.ID {
		t.Fatalf("under the limit: origin %+v, %v; want the remote office on wp1's account", r.Origin, err)
	}
	e.place(h, placedCall{wp: 1, remote: external, talk: 10 * time.Minute})
	r, err = e.svc.Route(e.ctx, req)
	if err != nil || r.Refused != nil || r.Origin == nil || r.Origin.Number != "" || !reflect.DeepEqual(r.Origin.DeviceIDs, []string{h.desk1.ID}) {
		t.Fatalf("over the limit: origin %+v, refused %v, %v; want the workplace's own device", r.Origin, r.Refused, err)
	}
	if got := describe(r); !reflect.DeepEqual(got, []string{h.wp2.ID + ":" + h.desk2.ID}) {
		t.Errorf("over the limit the internal destination rings %v; want wp2's desk", got)
	}
}
