package app_test

import (
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestFleet counts one tenant's devices: desk 1 online (registered twice,
// firmware from its registration), desk 2 last seen three days ago with a
// daily resync (stale), the free device never seen. Another tenant's
// devices count for the operator only.
func TestFleet(t *testing.T) {
	e, tn := acme(t)
	other := e.tenant("beta", 2)
	e.sip.SetOnline(tn.desk1.ID, switchboard.DeviceStatus{UserAgent: "Yealink SIP-T54W 96.86.0.100 00:15:65:aa:bb:01", IP: "192.0.2.1", DoubleRegistration: true})
	e.must(e.svc.RecordFetches(e.ctx, []app.Fetch{{DeviceID: tn.desk2.ID, Access: switchboard.Access{
		At: start.Add(-72 * time.Hour), IP: "192.0.2.2", UserAgent: "Yealink SIP-T54W 96.85.0.5 00:15:65:aa:bb:02", File: "y000000000096.cfg"}}}))

	f, err := e.svc.CustomerFleet(e.ctx, tn.admin, tn.cust.ID)
	e.must(err)
	should := 0
	for _, id := range []string{tn.desk1.ID, tn.desk2.ID, tn.free.ID} {
		if e.stored(id).SIP.Username != "" {
			should++
		}
	}
	if f.Devices != 3 || f.Online != 1 || f.ShouldRegister != should || f.OnlineShare != 1/float64(should) {
		t.Errorf("devices %d online %d should register %d share %v, want 3, 1, %d, %v", f.Devices, f.Online, f.ShouldRegister, f.OnlineShare, should, 1/float64(should))
	}
	wantList(t, "never seen", f.NeverSeen, tn.free.ID)
	wantList(t, "stale", f.Stale, tn.desk2.ID)
	wantList(t, "double registrations", f.DoubleRegistrations, tn.desk1.ID)
	if f.StaleAfterSeconds != 48*3600 {
		t.Errorf("stale after %ds, want two days", f.StaleAfterSeconds)
	}
	if len(f.ByModel) != 1 || f.ByModel[0] != (app.FleetCount{Model: "yealink-t54w", Devices: 3}) {
		t.Errorf("by model %+v", f.ByModel)
	}
	want := []app.FleetCount{{Model: "yealink-t54w", Devices: 1}, {Model: "yealink-t54w", Firmware: "96.85.0.5", Devices: 1}, {Model: "yealink-t54w", Firmware: "96.86.0.100", Devices: 1}}
	if len(f.ByFirmware) != len(want) {
		t.Fatalf("by firmware %+v, want %+v", f.ByFirmware, want)
	}
	for i := range want {
		if f.ByFirmware[i] != want[i] {
			t.Errorf("by firmware %+v, want %+v", f.ByFirmware, want)
		}
	}

	all, err := e.svc.Fleet(e.ctx, switchboard.System)
	e.must(err)
	if all.Devices != 6 || all.Customer != "" {
		t.Errorf("operator's fleet: %d devices of %q, want 6 of all", all.Devices, all.Customer)
	}
	own, err := e.svc.Fleet(e.ctx, other.admin)
	e.must(err)
	if own.Customer != other.cust.ID || own.Devices != 3 || own.Online != 0 {
		t.Errorf("beta's fleet: %+v", own)
	}
	_, err = e.svc.CustomerFleet(e.ctx, other.admin, tn.cust.ID)
	wantCode(t, "another customer's fleet", err, switchboard.ENOTFOUND)
	_, err = e.svc.Fleet(e.ctx, tn.user1)
	wantCode(t, "a user's fleet", err, switchboard.EFORBIDDEN)
}

// wantList checks a fleet list holds exactly the devices ids.
func wantList(t *testing.T, what string, l app.FleetList, ids ...string) {
	t.Helper()
	if l.Count != len(ids) || len(l.Devices) != len(ids) {
		t.Errorf("%s: %+v, want %v", what, l, ids)
		return
	}
	for i, id := range ids {
		if l.Devices[i].ID != id {
			t.Errorf("%s: %+v, want %v", what, l, ids)
		}
	}
}
