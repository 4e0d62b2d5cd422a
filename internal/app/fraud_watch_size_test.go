package app

import (
	"fmt"
	"runtime"
	"testing"
	"time"
	"unsafe"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/heap"
)

// TestWatchedSightingSize states what the fraud watch keeps per device
// and path: a booting fleet puts every device in it twice.
func TestWatchedSightingSize(t *testing.T) {
	if got := unsafe.Sizeof(watchKey{}) + unsafe.Sizeof(watched{}); got > 72 {
		t.Errorf("a watched sighting takes %d bytes with its key, more than 72", got)
	}
}

// TestFraudWatchGivesBackItsRoom fills the watch as a booting fleet does
// and checks that once the window has passed the heap it took is given
// back, not kept by a map that never shrinks, and that a sweep with no
// new sighting forgets the rest.
func TestFraudWatchGivesBackItsRoom(t *testing.T) {
	const devices = 100_000
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ids := make([]string, devices)
	for i := range ids {
		ids[i] = fmt.Sprintf("device-%06d", i)
	}
	empty := heap.Live()
	w := NewFraudWatch()
	for i, id := range ids {
		w.Observe(switchboard.Sighting{DeviceID: id, Via: switchboard.ViaSIP, MAC: "805ec0000001", IP: "192.0.2.7",
			At: t0.Add(time.Duration(i) * time.Millisecond)})
	}
	full := heap.Live()
	w.Observe(switchboard.Sighting{DeviceID: ids[0], Via: switchboard.ViaSIP, MAC: "805ec0000001", IP: "192.0.2.7",
		At: t0.Add(time.Hour)})
	after := heap.Live()
	runtime.KeepAlive(w)
	runtime.KeepAlive(ids)
	heap.GivenBack(t, fmt.Sprintf("the fraud watch, an hour after %d sightings,", devices), empty, full, after)
	if n := len(w.last); n != 1 {
		t.Errorf("%d sightings kept an hour later, want the last one", n)
	}
	w.Sweep(t0.Add(2 * time.Hour))
	if n := len(w.last); n != 0 {
		t.Errorf("%d sightings kept after a sweep two hours later, want none", n)
	}
}
