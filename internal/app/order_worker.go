package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// DefaultOrderWorkers is how many orders RunOrders carries out at once
// when not told: one per CPU but one, at least one. An order's cost is
// almost all the bcrypt hash of a new portal password, which keeps a CPU
// busy; with every CPU hashing, the rest of the process (the outbox
// sending the welcome mails, the registrar, the provisioning server) waits
// for a CPU at each step, and on two CPUs the mails of an import left only
// after its last order.
func DefaultOrderWorkers() int { return max(runtime.GOMAXPROCS(0)-1, 1) }

// RunOrders carries out orders until ctx is cancelled, then returns nil
// once the orders under way are finished. Up to workers orders run at once
// (0 means DefaultOrderWorkers()), so a large import does not make the last
// workplaces wait for one order after another and the first ones' mails
// leave at once. It claims only as many orders as it has idle workers, the
// oldest first, and hands them out in that order: orders start in the
// order they were placed, and no order waits under a claim that another
// node could have carried out sooner. It looks for orders at once when a
// use case wrote one or a worker became idle after a full claim, else
// every poll interval (0 means DefaultOrderPoll). Several nodes may run it
// on one database; each order is claimed by one of them.
func (s *Service) RunOrders(ctx context.Context, poll time.Duration, workers int) error {
	if poll <= 0 {
		poll = DefaultOrderPoll
	}
	if workers <= 0 {
		workers = DefaultOrderWorkers()
	}
	jobs := make(chan *switchboard.Order)
	// idle receives one token per order finished; buffered for every
	// worker, so a worker never waits to report.
	idle := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for o := range jobs {
				s.runOrder(ctx, o)
				idle <- struct{}{}
			}
		})
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()
	timer := time.NewTimer(0)
	defer timer.Stop()
	busy, due := 0, true
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
			due = true
		case <-s.notify.orders:
			due = true
		case <-idle:
			busy--
		}
		if !due || busy == workers {
			continue
		}
		free := workers - busy
		claimed, err := s.claimOrders(ctx, free)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.log.Log(ctx, switchboard.Severity(err), "orders: claim failed", "err", err)
		}
		for _, o := range claimed {
			jobs <- o
			busy++
		}
		// A full claim may have left more due: claim again as soon as a
		// worker is idle, without waiting for a notice.
		due = len(claimed) == free
		timer.Reset(poll)
	}
}

// claimOrders claims up to limit due orders for this node's run, oldest
// first: open ones, and those claimed by an earlier run of this node (it
// crashed) or by a node whose heartbeat stopped.
func (s *Service) claimOrders(ctx context.Context, limit int) ([]*switchboard.Order, error) {
	var claimed []*switchboard.Order
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		now := s.clock()
		var err error
		claimed, err = tx.ClaimOrders(switchboard.OrderClaim{Now: now, Until: now.Add(orderLease), Limit: limit,
			By: s.claimant, GoneBefore: now.Add(-switchboard.NodeGoneAfter)})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim orders: %w", err)
	}
	return claimed, nil
}

// runOrder carries out one claimed order, logs an error of the store (the
// order stays claimed and is taken again when its claim lapses) and tells
// the outbox dispatcher about the messages it wrote. An order handed out
// after ctx ended is left claimed for this node's next run.
func (s *Service) runOrder(ctx context.Context, o *switchboard.Order) {
	if ctx.Err() != nil {
		return
	}
	wrote, err := s.carryOut(ctx, o)
	if err != nil && ctx.Err() == nil {
		s.log.Log(ctx, switchboard.Severity(err), "orders: order not carried out", "order", o.ID, "err", err)
	}
	if wrote {
		s.outboxWritten(ctx)
	}
}
