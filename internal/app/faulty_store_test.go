package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// errInjected is the failure a faultyStore injects.
var errInjected = errors.New("injected store failure")

// faultyStore is a store whose transactions fail in one Tx method on
// demand, after everything before it in the transaction was written.
type faultyStore struct {
	switchboard.Store
	mu   sync.Mutex
	fail string
	// updates counts the write transactions begun.
	updates int
}

// failOn makes the named Tx method (AddEvent, CreateMessage, UpdateOrder)
// fail from now on, or only UpdateOrder of one order ("UpdateOrder " and
// its id); "" stops the failures.
func (f *faultyStore) failOn(method string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = method
}

// write runs a Tx method's write unless that method is to fail.
func (f *faultyStore) write(method string, fn func() error) error {
	f.mu.Lock()
	fail := f.fail == method
	f.mu.Unlock()
	if fail {
		return fmt.Errorf("%s: %w", method, errInjected)
	}
	return fn()
}

// Update runs fn with a Tx that fails as set by failOn.
func (f *faultyStore) Update(ctx context.Context, fn func(switchboard.Tx) error) error {
	f.mu.Lock()
	f.updates++
	f.mu.Unlock()
	return f.Store.Update(ctx, func(tx switchboard.Tx) error { return fn(faultyTx{Tx: tx, f: f}) })
}

// faultyTx is a Tx whose writes of events, messages and orders can fail.
type faultyTx struct {
	switchboard.Tx
	f *faultyStore
}

func (t faultyTx) AddEvent(ev *switchboard.Event) error {
	return t.f.write("AddEvent", func() error { return t.Tx.AddEvent(ev) })
}

func (t faultyTx) CreateMessage(m *switchboard.Message) error {
	return t.f.write("CreateMessage", func() error { return t.Tx.CreateMessage(m) })
}

func (t faultyTx) UpdateOrder(o *switchboard.Order) error {
	return t.f.write("UpdateOrder", func() error {
		return t.f.write("UpdateOrder "+o.ID, func() error { return t.Tx.UpdateOrder(o) })
	})
}

// writes returns how many write transactions have begun so far.
func (f *faultyStore) writes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.updates
}
