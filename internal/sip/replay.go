package sip

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// replayGuard remembers which nonce counts each account used and for
// which request, so that a captured Authorization header cannot be played
// again, while a retransmission of the request that used it is still
// answered: over UDP a client repeats a REGISTER until it sees the answer,
// for up to 64*T1.
//
// A request is known by its print (requestPrint): its source, transaction
// and everything the registrar acts on that the digest does not cover. The
// count of a nonce used again with the same print, within the
// transaction's lifetime, is a retransmission; used again with any other
// print, or later, it is a replay.
//
// Memory is bounded by time, not by a number of nonces: an account keeps
// every nonce it used within replayWindow, so requests of several clients
// of one account may arrive in any order and late; beyond that it keeps
// its newest nonces and those a client reuses with rising counts, until
// they are stale. The newest issue time forgotten is the account's floor:
// a nonce issued at or before it is refused as stale, since its counts
// are no longer known. A client that answers its challenge within a
// transaction's lifetime never meets it. At 12,000 registrations a second
// (the bench's rate) the window holds about 400,000 uses of 48 bytes.
type replayGuard struct {
	shards [64]replayShard
	seed   maphash.Seed
	// printSeed keys requestPrint.
	printSeed maphash.Seed
	// ttl is the nonces' lifetime: older ones are refused as stale before
	// the guard is asked, so nothing older needs remembering.
	ttl time.Duration
}

type replayShard struct {
	mu sync.Mutex
	m  map[string]*nonceUses
	// peak is the largest size of m since it was made: a registration
	// storm leaves every account here for a nonce's lifetime, and a Go
	// map keeps the room it once needed until it is made anew.
	peak int
}

// nonceUses are the nonces one account used, sorted by issue time.
type nonceUses struct {
	uses  []nonceUse
	floor int64
	// pruned is len(uses) after the last pruning; the next one is due
	// when the list has doubled, so pruning costs O(1) a use.
	pruned int
}

// nonceUse is one used nonce, laid out in 48 bytes since a busy account
// has hundreds.
type nonceUse struct {
	issued int64
	// at is when the request with the highest count came (Unix ns).
	at int64
	// print is that request's print.
	print uint64
	// below marks which of the counts max-1 … max-64 were used, so that
	// requests sharing a nonce may arrive out of order.
	below uint64
	rand  uint32
	max   uint32
	// code is the status that request was answered with, 0 until known.
	code uint16
}

const (
	// replayWindow is how long a use is remembered for certain: the
	// lifetime of a client transaction (64*T1, RFC 3261 §17.1.2.2), in
	// which the request may be retransmitted or arrive late.
	replayWindow = timerF
	// keepNewest nonces of an account are kept however old, for a phone
	// that reuses its nonce with the next count at its next refresh.
	keepNewest = 4
	// maxUses bounds one account's list, against a client of its own
	// hammering the registrar; 64 registrations a second per account
	// stay within it.
	maxUses = 2048
)

type verdict int

const (
	fresh          verdict = iota // a count not used before
	retransmission                // the request that used the count, again
	replayed                      // a used count in another request, or too late
	forgotten                     // a nonce older than the account's floor
)

func newReplayGuard(ttl time.Duration) *replayGuard {
	g := &replayGuard{seed: maphash.MakeSeed(), printSeed: maphash.MakeSeed(), ttl: ttl}
	for i := range g.shards {
		g.shards[i].m = make(map[string]*nonceUses)
	}
	return g
}

func (g *replayGuard) shard(user string) *replayShard {
	return &g.shards[maphash.String(g.seed, user)%uint64(len(g.shards))]
}

func compareNonce(u nonceUse, n digest.Nonce) int {
	return cmp.Or(cmp.Compare(u.issued, n.Issued), cmp.Compare(u.rand, n.Rand))
}

// check records a verified use of nonce n with count nc by the request
// with print print, and says whether it is fresh, a retransmission or a
// replay. For a retransmission it also returns the status the first copy
// was answered with (see answered), 0 while that is not known yet. A new
// account is kept under a copy of user, which may be part of a larger
// string (a cached account's text, a request).
func (g *replayGuard) check(user string, n digest.Nonce, nc uint32, print uint64, now time.Time) (verdict, int) {
	sh := g.shard(user)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	st := sh.m[user]
	if st == nil {
		st = &nonceUses{}
		sh.m[strings.Clone(user)] = st
		sh.peak = max(sh.peak, len(sh.m))
	}
	t := now.UnixNano()
	i, found := slices.BinarySearchFunc(st.uses, n, compareNonce)
	if found {
		return st.uses[i].count(nc, print, t)
	}
	if n.Issued <= st.floor {
		return forgotten, 0
	}
	st.uses = slices.Insert(st.uses, i, nonceUse{issued: n.Issued, rand: n.Rand, max: nc, print: print, at: t})
	if len(st.uses) > max(2*st.pruned, 2*keepNewest) || len(st.uses) > maxUses {
		st.prune(t, now.Add(-g.ttl).UnixNano())
	}
	return fresh, 0
}

// count applies count nc of the request with print print to a nonce
// already used.
func (u *nonceUse) count(nc uint32, print uint64, now int64) (verdict, int) {
	switch {
	case nc > u.max:
		shift := nc - u.max
		u.below = u.below<<shift | uint64(1)<<(shift-1)
		u.max, u.print, u.at, u.code = nc, print, now, 0
		return fresh, 0
	case nc == u.max:
		if print == u.print && now-u.at <= int64(replayWindow) {
			return retransmission, int(u.code)
		}
		return replayed, 0
	}
	d := u.max - nc
	if d > 64 || u.below&(uint64(1)<<(d-1)) != 0 {
		return replayed, 0
	}
	u.below |= uint64(1) << (d - 1)
	return fresh, 0
}

// answered records the status the request that used count nc of nonce n
// was answered with, so a retransmission of it gets the same answer.
func (g *replayGuard) answered(user string, n digest.Nonce, nc uint32, print uint64, code int) {
	sh := g.shard(user)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	st := sh.m[user]
	if st == nil {
		return
	}
	if i, found := slices.BinarySearchFunc(st.uses, n, compareNonce); found {
		if u := &st.uses[i]; u.max == nc && u.print == print {
			u.code = uint16(code)
		}
	}
}

// prune forgets the uses that no request can still need (see
// replayGuard) and raises the floor over them; past maxUses it forgets
// the oldest whatever their age. now and staleBefore are Unix ns.
func (st *nonceUses) prune(now, staleBefore int64) {
	newest := len(st.uses) - keepNewest
	kept := st.uses[:0]
	for i, u := range st.uses {
		recent := now-u.at <= int64(replayWindow)
		reused := u.max > 1 && u.issued > staleBefore
		if recent || reused || i >= newest {
			kept = append(kept, u)
			continue
		}
		st.floor = max(st.floor, u.issued)
	}
	if over := len(kept) - maxUses; over > 0 {
		st.floor = max(st.floor, kept[over-1].issued)
		kept = append(kept[:0], kept[over:]...)
	}
	st.uses, st.pruned = kept, len(kept)
}

// sweep prunes every account and forgets those whose nonces are all
// stale: stale nonces are refused before the replay check, so nothing is
// lost. A shard left with under a quarter of its peak moves into a map of
// its size.
func (g *replayGuard) sweep(now time.Time) {
	t, staleBefore := now.UnixNano(), now.Add(-g.ttl).UnixNano()
	for i := range g.shards {
		sh := &g.shards[i]
		sh.mu.Lock()
		for user, st := range sh.m {
			newest := st.floor
			if len(st.uses) > 0 {
				newest = max(newest, st.uses[len(st.uses)-1].issued)
			}
			if newest < staleBefore {
				delete(sh.m, user)
				continue
			}
			st.prune(t, staleBefore)
		}
		if len(sh.m) < sh.peak/4 {
			m := make(map[string]*nonceUses, len(sh.m))
			for user, st := range sh.m {
				m[user] = st
			}
			sh.m, sh.peak = m, len(m)
		}
		sh.mu.Unlock()
	}
}
