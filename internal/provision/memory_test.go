package provision_test

import (
	"context"
	"fmt"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/heap"
)

// yealinkUA is the User-Agent of the phones these tests fetch as.
const yealinkUA = "Yealink SIP-T54W 96.86.0.100"

// fetchAll fetches each device's own file and returns the bodies.
func fetchAll(e *env, ds []*app.DeviceView) []reply {
	var out []reply
	for _, d := range ds {
		r := e.get("/"+key(d)+"/"+d.MAC+".cfg", yealinkUA, "")
		if r.status != 200 {
			e.t.Fatalf("fetch of %s: %d %s", d.ID, r.status, r.body)
		}
		out = append(out, r)
	}
	return out
}

// TestRenderedFilesStayWithinTheirBudget checks that the rendered files of
// many devices do not pile up in memory: beyond the budget the oldest are
// dropped, and a device whose files were dropped gets the very same file
// again.
func TestRenderedFilesStayWithinTheirBudget(t *testing.T) {
	devices := func(e *env) []*app.DeviceView {
		var ds []*app.DeviceView
		for i := range 5 {
			ds = append(ds, e.device("yealink-t54w", fmt.Sprintf("00156500%04x", i), false))
		}
		return ds
	}
	roomy := newEnv(t, 20)
	fetchAll(roomy, devices(roomy))
	all := roomy.srv.RenderedBytes()

	tight := newEnv(t, 20, func(o *provision.Options) { o.MaxRendered = 1 })
	ds := devices(tight)
	first := fetchAll(tight, ds)
	if got := tight.srv.RenderedBytes(); got <= 0 || got > all/4 {
		t.Errorf("with a budget of 1 byte, rendered files of %d bytes are kept (all five devices: %d); want one device's", got, all)
	}
	again := fetchAll(tight, ds)
	for i := range ds {
		if first[i].comparable() != again[i].comparable() {
			t.Errorf("device %d: the file rendered again differs from the first:\n%s\n---\n%s", i, first[i].comparable(), again[i].comparable())
		}
	}
	if tight.srv.Cached() != len(ds) {
		t.Errorf("%d devices cached, want %d: dropping rendered files must keep the devices", tight.srv.Cached(), len(ds))
	}
}

// maxCachedDeviceBytes is what one cached device may take in memory
// besides its rendered files (its provisioning data and the cache's
// indexes). It is kept for every device that fetched since the start, up
// to MaxCached. Measured about 2,010 bytes with the model shared among
// the devices of a model; a copy of the model per device costs 1 KiB more.
const maxCachedDeviceBytes = 2560

// TestCachedDeviceSize measures the memory a cached device takes without
// its rendered files, and fails when it grows beyond maxCachedDeviceBytes.
func TestCachedDeviceSize(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 400 devices; skipped in -short mode")
	}
	const n = 400
	e := newEnv(t, 20, func(o *provision.Options) { o.MaxRendered = 1 })
	var ds []*app.DeviceView
	for i := range n {
		wp, err := e.svc.CreateWorkplace(context.Background(), switchboard.System, e.cust.ID, app.WorkplaceInput{Site: e.site.ID,
			FirstName: "Anna", LastName: fmt.Sprint("Schmidt ", i), Email: fmt.Sprintf("u%d@acme.example", i), EmailConfirm: fmt.Sprintf("u%d@acme.example", i), NoMobile: true, Username: fmt.Sprint("user", i), Extension: fmt.Sprint(300 + i)})
		e.must(err)
		d, err := e.svc.CreateDevice(context.Background(), switchboard.System, e.cust.ID, wp.ID,
			app.DeviceInput{Model: "yealink-t54w", MAC: fmt.Sprintf("00156501%04x", i)})
		e.must(err)
		ds = append(ds, d)
	}
	before := int(heap.Live())
	fetchAll(e, ds)
	per := (int(heap.Live()) - before) / n
	t.Logf("%d bytes per cached device (Yealink T54W on a workplace)", per)
	if per > maxCachedDeviceBytes {
		t.Errorf("a cached device takes %d bytes, more than %d", per, maxCachedDeviceBytes)
	}
}
