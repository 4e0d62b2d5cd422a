package sip

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

func TestReplayGuard(t *testing.T) {
	g := newReplayGuard(5 * time.Minute)
	t0 := time.Unix(1000, 0)
	n := func(i int64) digest.Nonce { return digest.Nonce{Issued: t0.UnixNano() + i, Rand: uint32(i)} }
	steps := []struct {
		at     time.Duration
		nonce  int64
		nc     uint32
		print  uint64
		want   verdict
		answer int
	}{
		{0, 10, 1, 100, fresh, 200},
		{0, 10, 1, 100, retransmission, 0},
		{0, 10, 1, 101, replayed, 0}, // same count, another request
		{0, 10, 3, 102, fresh, 0},    // a later count on the same nonce
		{0, 10, 2, 103, fresh, 0},    // an earlier one, arriving late
		{0, 10, 2, 104, replayed, 0}, // that one again
		{0, 10, 1, 100, replayed, 0}, // the first, no longer the newest
		{0, 10, 3, 102, retransmission, 0},
		{0, 20, 1, 200, fresh, 0}, // requests of other clients of the account
		{0, 30, 1, 300, fresh, 0},
		{0, 5, 1, 50, fresh, 0}, // an older nonce first used late
		{10 * time.Second, 40, 1, 400, fresh, 0},
		{10 * time.Second, 50, 1, 500, fresh, 0},
		{10 * time.Second, 60, 1, 600, fresh, 0},
		{20 * time.Second, 30, 1, 300, retransmission, 0}, // within the transaction's lifetime
		{40 * time.Second, 30, 1, 300, replayed, 0},       // past it
		{40 * time.Second, 70, 1, 700, fresh, 0},
		{-1, 0, 0, 0, 0, 0},                          // sweep at 40 s: forget the uses older than the window
		{40 * time.Second, 20, 1, 200, forgotten, 0}, // below the floor now
		{40 * time.Second, 25, 1, 250, forgotten, 0}, // never used, but older than a forgotten one
		{40 * time.Second, 10, 4, 105, fresh, 0},     // reused nonces are kept
		{40 * time.Second, 50, 2, 501, fresh, 0},     // and the newest
	}
	for i, s := range steps {
		if s.at < 0 {
			g.sweep(t0.Add(40 * time.Second))
			continue
		}
		v, code := g.check("u", n(s.nonce), s.nc, s.print, t0.Add(s.at))
		if v != s.want {
			t.Fatalf("step %d (nonce %d nc %d): verdict %d, want %d", i, s.nonce, s.nc, v, s.want)
		}
		if v == retransmission && code != 200 && s.nonce == 10 && s.nc == 1 {
			t.Fatalf("step %d: retransmission of a request answered 200 gets %d", i, code)
		}
		if s.answer != 0 {
			g.answered("u", n(s.nonce), s.nc, s.print, s.answer)
		}
	}
	// A copy arriving while the first is still being handled gets no
	// answer of its own (code 0): the first one's answer is on its way.
	g.check("pending", n(1), 1, 7, t0)
	if v, code := g.check("pending", n(1), 1, 7, t0); v != retransmission || code != 0 {
		t.Fatalf("copy of a request being handled: verdict %d code %d", v, code)
	}
	if v, _ := g.check("other", n(10), 1, 999, t0); v != fresh {
		t.Fatal("counts of one account affected another")
	}
	g.sweep(t0.Add(6 * time.Minute))
	for i := range g.shards {
		if len(g.shards[i].m) > 0 {
			t.Fatal("sweep kept accounts whose nonces are all stale")
		}
	}
}

// TestReplayGuardBounded: an account hammering the registrar keeps at
// most maxUses nonces, and a quiet account's list shrinks to its newest
// ones once the window has passed.
func TestReplayGuardBounded(t *testing.T) {
	g := newReplayGuard(5 * time.Minute)
	t0 := time.Unix(1000, 0)
	for i := range 3 * maxUses {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		if v, _ := g.check("busy", digest.Nonce{Issued: at.UnixNano()}, 1, uint64(i), at); v != fresh {
			t.Fatalf("use %d: verdict %d", i, v)
		}
	}
	st := g.shard("busy").m["busy"]
	if len(st.uses) > maxUses {
		t.Fatalf("%d uses kept, at most %d", len(st.uses), maxUses)
	}
	g.sweep(t0.Add(time.Minute))
	if len(st.uses) != keepNewest {
		t.Fatalf("%d uses kept after the window, want the newest %d", len(st.uses), keepNewest)
	}
}
