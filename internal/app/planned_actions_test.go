package app_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// siteDevices gives tn's site n more workplaces with a desk phone each
// and sets every device of the site online; it returns the site's devices.
func (e *env) siteDevices(tn tenant, n int) []string {
	e.t.Helper()
	ids := []string{tn.desk1.ID, tn.desk2.ID}
	for i := range n {
		w := e.workplace(tn, fmt.Sprintf("acme.x%d", i), fmt.Sprintf("3%02d", i), nil)
		ids = append(ids, e.device(tn.cust.ID, w.ID, app.DeviceInput{Model: "yealink-t54w"}).ID)
	}
	for _, id := range ids {
		e.sip.SetOnline(id, switchboard.DeviceStatus{})
	}
	return ids
}

// wantToldOnce checks that the NOTIFYs sent since the last call went to
// each of ids once, as a sync, and to no other device.
func (e *env) wantToldOnce(what string, ids ...string) {
	e.t.Helper()
	got, _ := e.sip.Take()
	var want []string
	for _, id := range ids {
		want = append(want, id+" reboot=false")
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		e.t.Errorf("%s: NOTIFYs %v; want %v", what, got, want)
	}
}

// TestSpreadSiteActionSurvivesARestart syncs a site of four phones over
// a minute: the first is told at once, and the others' turns are kept in
// the store, so a node started again after the first (the timers of the
// one that took the request are gone) tells each of them when its turn
// comes, once; a phone that fetched its profile before its turn is not
// told.
func TestSpreadSiteActionSurvivesARestart(t *testing.T) {
	e, tn := acme(t)
	ids := e.siteDevices(tn, 2)
	res, err := e.svc.SiteAction(e.ctx, tn.admin, tn.site.ID, switchboard.ActionSync, app.SiteActionInput{Spread: 60})
	e.must(err)
	if res.Devices != 4 {
		t.Fatalf("site action on %d devices, want 4", res.Devices)
	}
	e.wantToldOnce("at once", ids[0])

	e.svc = e.service(e.db, envNode)
	// The third phone fetches its profile by itself before its turn: it
	// has carried the action out and is not told again.
	prov, err := e.svc.ProvisioningByKey(e.ctx, e.stored(ids[2]).AccessKey)
	e.must(err)
	e.must(e.svc.RecordFetches(e.ctx, []app.Fetch{{DeviceID: ids[2], Access: switchboard.Access{At: e.clock()},
		Version: prov.Version, PendingAction: prov.PendingAction}}))
	for _, step := range []struct {
		after time.Duration
		taken int
		told  []string
	}{{0, 0, nil}, {20 * time.Second, 1, ids[1:2]}, {20 * time.Second, 1, nil}, {20 * time.Second, 1, ids[3:]}, {time.Hour, 0, nil}} {
		e.advance(step.after)
		n, err := e.svc.TellDueActions(e.ctx)
		e.must(err)
		if n != step.taken {
			t.Errorf("%s on: %d turns taken, want %d", step.after, n, step.taken)
		}
		e.wantToldOnce(fmt.Sprintf("%s on", step.after), step.told...)
	}
}

// TestSpreadSiteActionOnTwoNodes runs the planned turns' worker on two
// nodes at once over one database: every device of the site is told
// exactly once.
func TestSpreadSiteActionOnTwoNodes(t *testing.T) {
	for name, open := range map[string]func(testing.TB) stores.Opener{"SQLite": stores.SQLite, "PostgreSQL": stores.Postgres} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnvOn(t, open(t))
			tn := e.tenant("acme", 1)
			ids := e.siteDevices(tn, 10)
			nodes := []*app.Service{e.svc, e.service(e.open(t), "node-b")}
			_, err := e.svc.SiteAction(e.ctx, tn.admin, tn.site.ID, switchboard.ActionSync, app.SiteActionInput{Spread: 30})
			e.must(err)
			e.wantToldOnce("at once", ids[0])
			taken := make([]int, len(nodes))
			for range 4 {
				e.advance(10 * time.Second)
				var wg sync.WaitGroup
				for i, node := range nodes {
					wg.Go(func() {
						n, err := node.TellDueActions(e.ctx)
						if err != nil {
							t.Errorf("node %d: %v", i, err)
						}
						taken[i] += n
					})
				}
				wg.Wait()
			}
			t.Logf("%s: turns taken by node a and b: %v", name, taken)
			e.wantToldOnce("by the two workers", ids[1:]...)
		})
	}
}
