package storetest

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testLastAccess checks SetLastAccess: it writes the fetch and nothing
// else (a change made after the fetch survives), ignores an older fetch,
// and reports a missing device.
func testLastAccess(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d := newDevice("dev_1", w.w1, "001565aabbcc", "c1-201", key1)
	d.LastAccess = switchboard.Access{}
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateDevice(d) })

	// An administrator changes the device after the fetch was seen but
	// before the batch is written: the change must survive the batch.
	d.Description = "Changed meanwhile"
	d.AccessKey = key2
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateDevice(d) })

	fetch := switchboard.Access{At: utc(later), IP: "203.0.113.9", UserAgent: "Yealink SIP-T54W 96.86.0.70", File: "001565aabbcc.cfg"}
	update(t, s, func(tx switchboard.Tx) error { return tx.SetLastAccess(d.ID, fetch) })
	older := switchboard.Access{At: utc(at), IP: "198.51.100.1", UserAgent: "old", File: "old.cfg"}
	update(t, s, func(tx switchboard.Tx) error { return tx.SetLastAccess(d.ID, older) })

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "last access", got.LastAccess, fetch)
		if got.Description != "Changed meanwhile" || got.AccessKey != key2 || !got.UpdatedAt.Equal(utc(at)) {
			t.Errorf("SetLastAccess changed other fields: description %q, key changed back %v, updated_at %v",
				got.Description, got.AccessKey != key2, got.UpdatedAt)
		}
		return nil
	})

	newer := fetch
	newer.At = fetch.At.Add(time.Second)
	newer.IP = "2001:db8::7"
	update(t, s, func(tx switchboard.Tx) error { return tx.SetLastAccess(d.ID, newer) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Device(d.ID)
		if err == nil {
			same(t, "newer last access", got.LastAccess, newer)
		}
		return err
	})

	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.SetLastAccess("dev_missing", fetch) }), switchboard.ENOTFOUND)
}
