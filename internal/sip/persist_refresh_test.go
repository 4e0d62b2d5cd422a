package sip

import (
	"testing"
	"time"
)

// TestRefreshPersistedWhenSavedExpiryNears checks the write-behind rule
// for refreshes: a new binding is saved, a refresh that changes only the
// expiry is not saved again while the saved expiry is more than half a
// registration away, and is saved once it gets closer, so the store never
// shows an online device as expired.
func TestRefreshPersistedWhenSavedExpiryNears(t *testing.T) {
	l := newLocation(true)
	start := time.Now()
	register := func(now time.Time, contact string) {
		t.Helper()
		u, err := l.update("dev-r", now, func([]binding) ([]binding, bool, error) {
			k, err := keep(&Binding{DeviceID: "dev-r", Contact: contact, Source: "192.0.2.7:5060", Transport: "UDP",
				UserAgent: "phone", RegisteredAt: now, Expires: now.Add(300 * time.Second)})
			return []binding{k}, true, err
		})
		if err != nil || !u.changed {
			t.Fatalf("update: changed %v, err %v", u.changed, err)
		}
	}
	dirty := func() int { return len(l.takeDirty(10)) }

	register(start, "sip:r@192.0.2.7")
	if n := dirty(); n != 1 {
		t.Fatalf("new binding: %d devices to save, want 1", n)
	}
	register(start.Add(10*time.Second), "sip:r@192.0.2.7")
	if n := dirty(); n != 0 {
		t.Errorf("refresh 10 s later: %d devices to save, want 0 (saved expiry still 290 s away)", n)
	}
	register(start.Add(20*time.Second), "sip:r@192.0.2.8")
	if n := dirty(); n != 1 {
		t.Errorf("new contact: %d devices to save, want 1", n)
	}
	register(start.Add(190*time.Second), "sip:r@192.0.2.8")
	if n := dirty(); n != 1 {
		t.Errorf("refresh with the saved expiry 130 s away: %d devices to save, want 1", n)
	}
}
