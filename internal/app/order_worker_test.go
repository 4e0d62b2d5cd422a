package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// orderedWorkplaces orders n workplaces of tn, oldest first, and returns
// them with their create orders.
func (e *env) orderedWorkplaces(tn tenant, n int) ([]*switchboard.Workplace, []*switchboard.Order) {
	e.t.Helper()
	ws := make([]*switchboard.Workplace, n)
	for i := range ws {
		ws[i] = e.workplace(tn, fmt.Sprintf("acme.%d", i), fmt.Sprint(300+i), nil)
	}
	byWorkplace := map[string]*switchboard.Order{}
	for _, o := range e.orders(tn.cust.ID) {
		byWorkplace[o.WorkplaceID] = o
	}
	os := make([]*switchboard.Order, n)
	for i, w := range ws {
		os[i] = byWorkplace[w.ID]
	}
	return ws, os
}

// orderWait bounds the wait for an order: a bcrypt hash takes a good
// part of a second on a busy machine with the race detector on.
const orderWait = time.Minute

// runOrders starts the order worker with the given bound and returns a
// function that stops it and checks that it returned nil.
func (e *env) runOrders(workers int) (stop func()) {
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.svc.RunOrders(ctx, time.Hour, workers) }()
	return func() {
		e.t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				e.t.Errorf("RunOrders: %v", err)
			}
		case <-time.After(10 * time.Second):
			e.t.Fatal("RunOrders did not stop with its context")
		}
	}
}

// TestRunOrdersUpToItsBoundOldestFirst holds every order up once it
// committed, so the worker's slots fill: exactly the bound of orders runs
// at once, the orders left wait unclaimed (another node may take them),
// and each time one finishes, the oldest waiting one starts. Every user
// gets one welcome and one password.
func TestRunOrdersUpToItsBoundOldestFirst(t *testing.T) {
	e, tn := bareAcme(t)
	const n, workers = 7, 3
	ws, os := e.orderedWorkplaces(tn, n)
	e.hold = make(chan chan struct{})
	stop := e.runOrders(workers)
	defer stop()
	var running []chan struct{}
	for finished := 0; finished < n; finished++ {
		for len(running) < min(workers, n-finished) {
			select {
			case r := <-e.hold:
				running = append(running, r)
			case <-time.After(orderWait):
				t.Fatalf("%d orders finished, %d running, want %d running", finished, len(running), min(workers, n-finished))
			}
		}
		select {
		case <-e.hold:
			t.Fatalf("more than %d orders at once", workers)
		case <-time.After(50 * time.Millisecond):
		}
		started := finished + len(running)
		for i, w := range ws {
			want, wantOrder := switchboard.WorkplaceActive, switchboard.OrderDone
			if i >= started {
				want, wantOrder = switchboard.WorkplaceOrdered, switchboard.OrderOpen
			}
			o := read(e, func(tx switchboard.Tx) (*switchboard.Order, error) { return tx.Order(os[i].ID) })
			if st := e.storedWorkplace(w.ID).State; st != want || o.State != wantOrder {
				t.Fatalf("%d orders started: workplace %d is %s with its order %s, want %s and %s", started, i, st, o.State, want, wantOrder)
			}
		}
		close(running[0])
		running = running[1:]
	}
	per := map[string]int{}
	for _, m := range e.messages(tn.cust.ID) {
		per[m.Kind+" "+m.To]++
	}
	for _, w := range ws {
		if per["welcome "+w.Email] != 1 || per["initial_password "+w.Email] != 1 {
			t.Errorf("%s got %d welcomes and %d passwords, want one each", w.Email, per["welcome "+w.Email], per["initial_password "+w.Email])
		}
	}
}

// TestRunOrdersGoesOnPastFailingOrders runs four orders two at a time: the
// oldest cannot be finished because the store fails, the next one fails
// because its workplace was deleted first. The younger ones are carried
// out all the same; the store's failure leaves its order claimed for a
// later attempt, with no messages written.
func TestRunOrdersGoesOnPastFailingOrders(t *testing.T) {
	e, tn := bareAcme(t)
	ws, os := e.orderedWorkplaces(tn, 4)
	e.must(e.svc.DeleteWorkplace(e.ctx, switchboard.System, ws[1].ID))
	e.db.failOn("UpdateOrder " + os[0].ID)
	stop := e.runOrders(2)
	// Outbox notices: the failed order's and the deletion's confirmations,
	// and the two activations.
	for i := range 4 {
		select {
		case <-e.wakes:
		case <-time.After(orderWait):
			t.Fatalf("%d orders finished, want 4", i)
		}
	}
	stop()
	for i, want := range []switchboard.OrderState{switchboard.OrderProcessing, switchboard.OrderFailed, switchboard.OrderDone, switchboard.OrderDone} {
		if o := read(e, func(tx switchboard.Tx) (*switchboard.Order, error) { return tx.Order(os[i].ID) }); o.State != want {
			t.Errorf("order of workplace %d is %s (%s), want %s", i, o.State, o.Error, want)
		}
	}
	for i, want := range []switchboard.WorkplaceState{switchboard.WorkplaceOrdered, switchboard.WorkplaceDeleted, switchboard.WorkplaceActive, switchboard.WorkplaceActive} {
		if st := e.storedWorkplace(ws[i].ID).State; st != want {
			t.Errorf("workplace %d is %s, want %s", i, st, want)
		}
	}
	for _, m := range e.messages(tn.cust.ID) {
		if m.To == ws[0].Email || m.To == ws[1].Email {
			t.Errorf("%s got a %s message from an order that failed", m.To, m.Kind)
		}
	}
}
