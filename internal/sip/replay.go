package sip

import (
	"hash/maphash"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// replayGuard tracks nonce counts per account so that a captured
// Authorization header cannot be played again. It keeps a few of the
// newest nonces per account with the highest count seen for each; a nonce
// older than all of them is refused, since its count is no longer known.
// Retransmissions of the request that used a count (same Via branch) are
// let through, because over UDP the client repeats a REGISTER until it
// sees the answer.
type replayGuard struct {
	shards [64]replayShard
	seed   maphash.Seed
	ttl    time.Duration
}

type replayShard struct {
	mu sync.Mutex
	m  map[string]*ncState
}

const ncSlots = 4

// ncSlot is laid out flat (24 bytes) since there are a few per account.
type ncSlot struct {
	issued int64
	rand   uint32
	nc     uint32
	branch uint64
}

type ncState struct {
	slots [ncSlots]ncSlot
	used  int
	// floor is the newest issue time ever evicted; nonces at or below it
	// are refused.
	floor int64
}

type verdict int

const (
	fresh verdict = iota
	retransmission
	replayed
)

func newReplayGuard(ttl time.Duration) *replayGuard {
	g := &replayGuard{seed: maphash.MakeSeed(), ttl: ttl}
	for i := range g.shards {
		g.shards[i].m = make(map[string]*ncState)
	}
	return g
}

// check records a verified use of nonce with count nc by the request with
// Via branch hash branch, and says whether it is new, a retransmission or
// a replay.
func (g *replayGuard) check(user string, n digest.Nonce, nc uint32, branch uint64) verdict {
	sh := &g.shards[maphash.String(g.seed, user)%uint64(len(g.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	st := sh.m[user]
	if st == nil {
		st = &ncState{}
		sh.m[user] = st
	}
	for i := 0; i < st.used; i++ {
		sl := &st.slots[i]
		if sl.issued != n.Issued || sl.rand != n.Rand {
			continue
		}
		switch {
		case nc > sl.nc:
			sl.nc, sl.branch = nc, branch
			return fresh
		case nc == sl.nc && branch == sl.branch:
			return retransmission
		}
		return replayed
	}
	if n.Issued <= st.floor {
		return replayed
	}
	slot := ncSlot{issued: n.Issued, rand: n.Rand, nc: nc, branch: branch}
	if st.used < ncSlots {
		st.slots[st.used] = slot
		st.used++
		return fresh
	}
	oldest := 0
	for i := 1; i < ncSlots; i++ {
		if st.slots[i].issued < st.slots[oldest].issued {
			oldest = i
		}
	}
	if n.Issued < st.slots[oldest].issued {
		// Older than every nonce we track: we cannot tell its count.
		return replayed
	}
	st.floor = max(st.floor, st.slots[oldest].issued)
	st.slots[oldest] = slot
	return fresh
}

// sweep forgets accounts whose nonces are all stale: stale nonces are
// refused before the replay check, so nothing is lost.
func (g *replayGuard) sweep(now time.Time) {
	limit := now.Add(-g.ttl).UnixNano()
	for i := range g.shards {
		sh := &g.shards[i]
		sh.mu.Lock()
		for user, st := range sh.m {
			newest := st.floor
			for j := 0; j < st.used; j++ {
				newest = max(newest, st.slots[j].issued)
			}
			if newest < limit {
				delete(sh.m, user)
			}
		}
		sh.mu.Unlock()
	}
}
