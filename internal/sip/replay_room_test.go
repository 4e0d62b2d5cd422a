package sip

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/heap"
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
	g := newReplayGuard(5 * time.Minute)
	empty := heap.Live()
	t0 := time.Unix(1000, 0)
	for i, u := range users {
		g.check(u, digest.Nonce{Issued: t0.UnixNano(), Rand: uint32(i)}, 1, uint64(i), t0)
	}
	full := heap.Live()
	g.sweep(t0.Add(10 * time.Minute))
	after := heap.Live()
	runtime.KeepAlive(g)
	runtime.KeepAlive(users)
	heap.GivenBack(t, fmt.Sprintf("the replay guard, with the nonces of %d accounts stale,", accounts), empty, full, after)
}
