package sip

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// slowRecorder is OnCallEvents over a store that takes perBatch for every
// transaction, and stays shut while gate is not closed.
type slowRecorder struct {
	perBatch time.Duration
	gate     chan struct{}
	// held counts the batches handed over, recorded or not yet.
	held    atomic.Int32
	mu      sync.Mutex
	got     []switchboard.CallEvent
	batches int
}

func (r *slowRecorder) record(batch []switchboard.CallEvent) error {
	r.held.Add(1)
	<-r.gate
	time.Sleep(r.perBatch)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, batch...)
	r.batches++
	return nil
}

func (r *slowRecorder) count() (events, batches int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got), r.batches
}

// TestCallEventsKeptWhenTheStoreIsSlow: many calls emit events far faster
// than a store taking 5 ms per transaction records them, through a queue
// of 64; every event is recorded, in each call's order, in batches.
func TestCallEventsKeptWhenTheStoreIsSlow(t *testing.T) {
	rec := &slowRecorder{perBatch: 5 * time.Millisecond, gate: make(chan struct{})}
	close(rec.gate)
	ts := startServer(t, func(o *Options) { o.OnCallEvents, o.CallEventQueue = rec.record, 64 })
	const calls, perCall = 50, 40
	var wg sync.WaitGroup
	for c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perCall {
				ts.callEvent(switchboard.CallEvent{Kind: switchboard.EventCallUpdated, CustomerID: "c1",
					WorkplaceID: fmt.Sprintf("w%d", c), Call: &switchboard.Call{ID: fmt.Sprint(i)}})
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for n, _ := rec.count(); n < calls*perCall && time.Now().Before(deadline); n, _ = rec.count() {
		time.Sleep(10 * time.Millisecond)
	}
	n, batches := rec.count()
	if n != calls*perCall || ts.Stats().CallEventsLost != 0 {
		t.Fatalf("recorded %d of %d events, %d lost", n, calls*perCall, ts.Stats().CallEventsLost)
	}
	if batches >= n/4 || int(ts.Stats().CallEventBatches) != batches {
		t.Fatalf("%d events took %d batches (stats %d): not batched", n, batches, ts.Stats().CallEventBatches)
	}
	next := map[string]int{}
	for _, e := range rec.got {
		if e.Call.ID != fmt.Sprint(next[e.WorkplaceID]) {
			t.Fatalf("event %s of %s out of order, want %d", e.Call.ID, e.WorkplaceID, next[e.WorkplaceID])
		}
		next[e.WorkplaceID]++
	}
}

// TestNewCallWaitsForBackloggedEvents: while the call event queue is past
// its high-water mark a new INVITE waits; if the queue does not drain it is
// refused 503 with Retry-After, and once the store catches up within the
// wait the call goes through.
func TestNewCallWaitsForBackloggedEvents(t *testing.T) {
	rec := &slowRecorder{gate: make(chan struct{})}
	ts, _, _ := startCallServer(t, toBob(), func(o *Options) { o.OnCallEvents, o.CallEventQueue = rec.record, 16 })
	var open sync.Once
	release := func() { open.Do(func() { close(rec.gate) }) }
	t.Cleanup(release)
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob := newCallUA(t, ts, "bob1", "dev-bob1")
	// The first event is taken into a batch the shut store holds; the
	// next 14 stay queued, past 3/4 of 16.
	for i := range 15 {
		ts.callEvent(switchboard.CallEvent{Kind: switchboard.EventCallUpdated, CustomerID: "c1"})
		for i == 0 && rec.held.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	start := time.Now()
	alice.invite("200", sdpOffer(4000, sendRecv))
	res := alice.response(sip.INVITE, 503)
	if res.StatusCode != 503 || res.GetHeader("Retry-After") == nil {
		t.Fatalf("backlogged INVITE answered %d without Retry-After, want 503 with it", res.StatusCode)
	}
	if waited := time.Since(start); waited < callSetupWait {
		t.Fatalf("refused after %v, before waiting %v for the queue", waited, callSetupWait)
	}
	if ts.Stats().CallsDeferred != 1 {
		t.Fatalf("CallsDeferred = %d, want 1", ts.Stats().CallsDeferred)
	}
	alice.invite("200", sdpOffer(4000, sendRecv))
	time.AfterFunc(300*time.Millisecond, release)
	bob.reply(bob.request(sip.INVITE), 180, nil)
	if n := ts.Stats().CallEventsLost; n != 0 {
		t.Fatalf("%d call events lost", n)
	}
}
