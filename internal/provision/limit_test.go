package provision

import (
	"net/netip"
	"runtime"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/heap"
)

// maxSourceBytes is what the miss counter may keep per source address.
const maxSourceBytes = 256

// TestMissCounterSize fills the miss counter with more distinct sources
// than it tracks and checks that it keeps at most maxTracked of them and
// no more than maxSourceBytes each, so that a scan from many addresses
// cannot grow the server without bound.
func TestMissCounterSize(t *testing.T) {
	if testing.Short() {
		t.Skip("tracks 100,000 addresses; skipped in -short mode")
	}
	l := newLimiter(20, time.Minute, time.Minute)
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	miss := func(i int) { l.miss(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), now) }
	before := int(heap.Live())
	for i := range maxTracked {
		miss(i)
	}
	per := (int(heap.Live()) - before) / maxTracked
	runtime.KeepAlive(l)
	t.Logf("%d bytes per tracked source at %d sources", per, maxTracked)
	if per > maxSourceBytes {
		t.Errorf("a tracked source takes %d bytes, more than %d", per, maxSourceBytes)
	}
	for i := range 1000 {
		miss(maxTracked + i)
	}
	if n := len(l.sources); n > maxTracked {
		t.Errorf("%d sources tracked, more than %d", n, maxTracked)
	}
}
