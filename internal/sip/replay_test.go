package sip

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

func TestReplayGuard(t *testing.T) {
	g := newReplayGuard(time.Minute)
	n := func(i int64) digest.Nonce { return digest.Nonce{Issued: i, Rand: uint32(i)} }
	steps := []struct {
		nonce  int64
		nc     uint32
		branch uint64
		want   verdict
	}{
		{10, 1, 100, fresh},
		{10, 1, 100, retransmission},
		{10, 1, 101, replayed}, // same count, another request
		{10, 2, 102, fresh},    // next count on the same nonce
		{10, 1, 103, replayed}, // lower count
		{20, 1, 200, fresh},    // other nonces fill the slots
		{30, 1, 300, fresh},
		{40, 1, 400, fresh},
		{50, 1, 500, fresh},    // evicts nonce 10
		{10, 3, 104, replayed}, // forgotten nonce: its count is unknown
		{5, 1, 50, replayed},   // older than everything tracked
		{20, 2, 201, fresh},
	}
	for i, s := range steps {
		if got := g.check("u", n(s.nonce), s.nc, s.branch); got != s.want {
			t.Fatalf("step %d (nonce %d nc %d): verdict %d, want %d", i, s.nonce, s.nc, got, s.want)
		}
	}
	if got := g.check("other", n(10), 1, 999); got != fresh {
		t.Fatal("counts of one account affected another")
	}
	g.sweep(time.Unix(0, 0).Add(2 * time.Minute))
	for i := range g.shards {
		if len(g.shards[i].m) > 0 {
			t.Fatal("sweep kept accounts whose nonces are all stale")
		}
	}
}
