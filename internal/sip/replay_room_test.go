package sip

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// TestReplayGuardGivesBackItsRoom: a registration storm puts every
// account in the guard; once their nonces are stale the heap they took is
// given back, not kept by maps that never shrink.
func TestReplayGuardGivesBackItsRoom(t *testing.T) {
	const accounts = 100_000
	users := make([]string, accounts)
	for i := range users {
		users[i] = fmt.Sprintf("user%06d", i)
	}
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	g := newReplayGuard(5 * time.Minute)
	empty := live()
	t0 := time.Unix(1000, 0)
	for i, u := range users {
		g.check(u, digest.Nonce{Issued: t0.UnixNano(), Rand: uint32(i)}, 1, uint64(i), t0)
	}
	full := live()
	g.sweep(t0.Add(10 * time.Minute))
	after := live()
	runtime.KeepAlive(g)
	runtime.KeepAlive(users)
	if full < empty+4<<20 {
		t.Fatalf("%d accounts took %d bytes; the test needs them to take some", accounts, full-empty)
	}
	if after > empty+(full-empty)/10 {
		t.Errorf("%d accounts took %d bytes; with their nonces stale the guard still takes %d", accounts, full-empty, after-empty)
	}
}
