package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// crashMidOrder has svc claim the open orders and fail before their work
// commits, as a node that crashes mid-order leaves them: processing,
// claimed by svc's run.
func (e *env) crashMidOrder(svc interface {
	ProcessOrders(context.Context) (int, error)
}) {
	e.t.Helper()
	e.db.failOn("CreateMessage")
	defer e.db.failOn("")
	if _, err := svc.ProcessOrders(e.ctx); !errors.Is(err, errInjected) {
		e.t.Fatalf("ProcessOrders with a failing outbox: %v", err)
	}
}

// TestOrdersResumeAfterRestart stops a single node mid-order and starts it
// again: the new run carries the order out in its first round, not after
// the two-minute lease.
func TestOrdersResumeAfterRestart(t *testing.T) {
	e, tn := bareAcme(t)
	w := e.workplace(tn, "acme.one", "201", nil)
	e.crashMidOrder(e.svc)

	e.advance(time.Second)
	e.svc = e.service(e.db, envNode)
	ctx, stop := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.svc.RunOrders(ctx, time.Hour, 0) }()
	select {
	case <-e.wakes:
	case <-time.After(10 * time.Second):
		t.Error("the restarted node did not carry out the order it had claimed before the crash")
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("RunOrders: %v", err)
	}
	if st := e.storedWorkplace(w.ID).State; st != switchboard.WorkplaceActive {
		t.Errorf("workplace is %s after the restart, want active", st)
	}
}

// TestOrdersOfAGoneNodeAreTakenOver runs two nodes on one SQLite file. A
// claims an order and does not finish it; while A's heartbeat goes on, B
// leaves the order alone however long it takes; once A's heartbeat stops,
// B carries the order out within NodeGoneAfter, well before the lease.
func TestOrdersOfAGoneNodeAreTakenOver(t *testing.T) {
	e, tn := bareAcme(t)
	a, b := e.svc, e.service(e.open(t), "node-b")
	w := e.workplace(tn, "acme.one", "201", nil)
	e.crashMidOrder(a)

	for range 2 * switchboard.NodeGoneAfter / switchboard.HeartbeatInterval {
		e.advance(switchboard.HeartbeatInterval)
		e.must(a.Heartbeat(e.ctx))
		if n, err := b.ProcessOrders(e.ctx); n != 0 || err != nil {
			t.Fatalf("B took %d orders of the live node A (%v)", n, err)
		}
	}
	e.advance(switchboard.NodeGoneAfter - time.Second)
	if n, err := b.ProcessOrders(e.ctx); n != 0 || err != nil {
		t.Fatalf("B took %d orders of A before A's heartbeat was NodeGoneAfter old (%v)", n, err)
	}
	e.advance(2 * time.Second)
	if n, err := b.ProcessOrders(e.ctx); n != 1 || err != nil {
		t.Fatalf("B took %d orders of the gone node A, want 1 (%v)", n, err)
	}
	if st := e.storedWorkplace(w.ID).State; st != switchboard.WorkplaceActive {
		t.Errorf("workplace is %s after B took the order over, want active", st)
	}
}

// TestRunHeartbeatKeepsClaims runs node A's heartbeat loop after A claimed
// an order: B leaves the order alone while the loop runs, takes it once the
// loop stopped and NodeGoneAfter passed, and the loop returns nil when its
// context ends.
func TestRunHeartbeatKeepsClaims(t *testing.T) {
	e, tn := bareAcme(t)
	a, b := e.svc, e.service(e.open(t), "node-b")
	e.workplace(tn, "acme.one", "201", nil)
	e.crashMidOrder(a)

	ctx, stop := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- a.RunHeartbeat(ctx, time.Millisecond) }()
	e.advance(time.Minute)
	e.readings(t, 3) // at least two beats at the new time written
	if n, err := b.ProcessOrders(e.ctx); n != 0 || err != nil {
		t.Errorf("B took %d orders of A while A's heartbeat ran (%v)", n, err)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunHeartbeat: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunHeartbeat did not stop with its context")
	}
	e.advance(switchboard.NodeGoneAfter + time.Second)
	if n, err := b.ProcessOrders(e.ctx); n != 1 || err != nil {
		t.Errorf("B took %d orders after A's heartbeat stopped, want 1 (%v)", n, err)
	}
}
