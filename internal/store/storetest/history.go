package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testProfileVersions checks the settings history: versions numbered per
// device and read back byte for byte, the oldest dropped beyond the bound,
// one rewritten in place, a site's state at a time found per device, the
// cause event found by object or action prefix within its window, and the
// versions gone with the device.
func testProfileVersions(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565000001", "u201", "key1")
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateDevice(d) })
	t0 := utc(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	version := func(i int) *switchboard.ProfileVersion {
		at := t0.Add(time.Duration(i) * time.Hour)
		return &switchboard.ProfileVersion{DeviceID: d.ID, CustomerID: d.CustomerID, SiteID: w.s1.ID,
			Hash: []byte{byte(i)}, Size: 100 + i, Archive: []byte(fmt.Sprintf("files %d", i)), Settings: []byte(fmt.Sprintf(`{"v":%d}`, i)),
			CauseID: fmt.Sprintf("evt_%d", i), CauseAction: "device.keys", CauseObject: d.ID, At: at, UpdatedAt: at}
	}
	var want []*switchboard.ProfileVersion
	for i := 1; i <= 4; i++ {
		v := version(i)
		update(t, s, func(tx switchboard.Tx) error { return tx.PutProfileVersion(v, 3) })
		if v.Number != i {
			t.Fatalf("version %d got number %d", i, v.Number)
		}
		want = append([]*switchboard.ProfileVersion{v}, want...)
	}
	want = want[:3]
	changed := *want[0]
	changed.Archive, changed.Hash, changed.UpdatedAt = []byte("files 4 and more"), []byte{40}, t0.Add(5*time.Hour)
	update(t, s, func(tx switchboard.Tx) error { return tx.PutProfileVersion(&changed, 3) })
	want[0] = &changed
	view(t, s, func(tx switchboard.Tx) error {
		vs, err := tx.ProfileVersions(d.ID)
		if err != nil {
			return err
		}
		same(t, "versions", vs, want)
		v, err := tx.ProfileVersion(d.ID, 3)
		same(t, "version 3", v, want[1])
		_, gone := tx.ProfileVersion(d.ID, 1)
		wantError(t, gone, switchboard.ENOTFOUND)
		atTwoThirty, err := tx.SiteProfileVersions(w.s1.ID, t0.Add(2*time.Hour+30*time.Minute))
		same(t, "site at 12:30", atTwoThirty, []*switchboard.ProfileVersion{want[2]})
		other, err := tx.SiteProfileVersions(w.s2.ID, t0.Add(time.Hour*10))
		if len(other) != 0 {
			t.Errorf("another site has %d versions", len(other))
		}
		return err
	})
	update(t, s, func(tx switchboard.Tx) error {
		wantError(t, tx.PutProfileVersion(&switchboard.ProfileVersion{DeviceID: "dev_none", At: t0, UpdatedAt: t0}, 3), switchboard.ENOTFOUND)
		wantError(t, tx.PutProfileVersion(&switchboard.ProfileVersion{DeviceID: d.ID, Number: 99, At: t0, UpdatedAt: t0}, 3), switchboard.ENOTFOUND)
		return nil
	})
	testCauseEvent(t, s, w, t0)
	update(t, s, func(tx switchboard.Tx) error {
		return tx.SaveFetchedFiles([]*switchboard.FetchedFile{{DeviceID: d.ID, Name: "a.cfg", Hash: []byte{7}, Body: []byte("a"), FetchedAt: t0}})
	})
	view(t, s, func(tx switchboard.Tx) error {
		marks, err := tx.HistoryMarks([]string{d.ID, "dev_none"})
		if err != nil {
			return err
		}
		if len(marks) != 1 || marks[d.ID] == nil {
			t.Fatalf("marks %v, want one for %s", marks, d.ID)
		}
		newest := changed
		newest.Archive, newest.Settings = nil, nil
		same(t, "newest version", marks[d.ID].Newest, &newest)
		same(t, "fetched hashes", marks[d.ID].Files, map[string][]byte{"a.cfg": {7}})
		return nil
	})
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteDevice(d.ID) })
	view(t, s, func(tx switchboard.Tx) error {
		vs, err := tx.ProfileVersions(d.ID)
		if len(vs) != 0 {
			t.Errorf("a deleted device still has %d versions", len(vs))
		}
		return err
	})
}

// testCauseEvent checks which audit event CauseEvent names.
func testCauseEvent(t *testing.T, s switchboard.Store, w world, t0 time.Time) {
	ev := func(id, actor, action, object string, at time.Duration) *switchboard.Event {
		return &switchboard.Event{ID: id, CustomerID: w.c1.ID, Kind: switchboard.EventAudit, Actor: actor, Action: action, Object: object, At: t0.Add(at)}
	}
	update(t, s, func(tx switchboard.Tx) error {
		return each(tx.AddEvent,
			ev("evt_01", "tok_a", "workplace.update", w.w1.ID, time.Minute),
			ev("evt_02", "tok_a", "contact.create", "ct_1", 2*time.Minute),
			ev("evt_03", "provisioning", "device.sync.done", "dev_1", 3*time.Minute),
			ev("evt_04", "tok_a", "site.update", w.s2.ID, 4*time.Minute))
	})
	for _, tc := range []struct {
		name    string
		objects []string
		since   time.Duration
		want    string
	}{
		{"newest of the objects", []string{"dev_1", w.w1.ID, "ct_1"}, 0, "evt_02"},
		{"provisioning's own events left out", []string{"dev_1", w.w1.ID}, 0, "evt_01"},
		{"window excludes older", []string{"dev_1", w.w1.ID}, time.Minute, ""},
		{"other objects", []string{w.s1.ID}, 0, ""},
	} {
		view(t, s, func(tx switchboard.Tx) error {
			e, err := tx.CauseEvent(w.c1.ID, tc.objects, t0.Add(tc.since), t0.Add(time.Hour))
			got := ""
			if e != nil {
				got = e.ID
			}
			if got != tc.want {
				t.Errorf("%s: cause %q, want %q", tc.name, got, tc.want)
			}
			return err
		})
	}
}
