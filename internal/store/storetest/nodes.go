package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// Claimants of the node tests: node A in two runs (before and after a
// crash), node B, and node A in a third run.
var (
	runA1 = switchboard.Claimant{Node: "host-a 10.0.0.1:5060", Run: "run_a1"}
	runA2 = switchboard.Claimant{Node: "host-a 10.0.0.1:5060", Run: "run_a2"}
	runA3 = switchboard.Claimant{Node: "host-a 10.0.0.1:5060", Run: "run_a3"}
	runB  = switchboard.Claimant{Node: "host-b 10.0.0.2:5060", Run: "run_b1"}
)

// claimLease is the lease of the node tests' claims: longer than every
// step, so whatever is taken again is taken because of the heartbeats.
const claimLease = time.Hour

// beat records c's heartbeat at now.
func beat(t *testing.T, s switchboard.Store, c switchboard.Claimant, now time.Time) {
	t.Helper()
	update(t, s, func(tx switchboard.Tx) error { return tx.Beat(c, now) })
}

// testNodeOrderClaims checks that order claims follow the nodes'
// heartbeats: a node that restarts takes its own earlier claims at once;
// another node takes the claims of one whose heartbeat stopped once
// NodeGoneAfter passed, long before the lease; the claims of a node that
// keeps beating are left alone.
func testNodeOrderClaims(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	update(t, s, func(tx switchboard.Tx) error {
		for _, id := range []string{"ord_1", "ord_2", "ord_3"} {
			o := &switchboard.Order{ID: id, CustomerID: w.c1.ID, WorkplaceID: w.w1.ID, Kind: "create_workplace",
				Items: []string{"workplace"}, State: switchboard.OrderOpen, CreatedAt: utc(at), UpdatedAt: utc(at)}
			if err := tx.CreateOrder(o); err != nil {
				return err
			}
		}
		return nil
	})
	claim := func(by switchboard.Claimant, now time.Time, limit int) []string {
		t.Helper()
		var out []string
		update(t, s, func(tx switchboard.Tx) error {
			os, err := tx.ClaimOrders(switchboard.OrderClaim{Now: now, Until: now.Add(claimLease), Limit: limit,
				By: by, GoneBefore: now.Add(-switchboard.NodeGoneAfter)})
			out = []string{}
			for _, o := range os {
				out = append(out, o.ID)
			}
			return err
		})
		return out
	}
	sec := func(n int) time.Time { return at.Add(time.Duration(n) * time.Second) }

	same(t, "A claims", claim(runA1, sec(0), 1), []string{"ord_1"})
	same(t, "B claims beside the live A", claim(runB, sec(1), 1), []string{"ord_2"})
	same(t, "A after its restart", claim(runA2, sec(2), 10), []string{"ord_1", "ord_3"})
	same(t, "A claims again in the same run", claim(runA2, sec(3), 10), []string{})

	// A stops beating at 3 s; B goes on.
	beat(t, s, runB, sec(10))
	same(t, "B while A's heartbeat is recent", claim(runB, sec(3).Add(switchboard.NodeGoneAfter-time.Second), 10), []string{})
	same(t, "B once A is gone", claim(runB, sec(4).Add(switchboard.NodeGoneAfter), 10), []string{"ord_1", "ord_3"})

	// B beats every interval for longer than NodeGoneAfter; A, back in a
	// new run, leaves B's claims alone.
	last := sec(4).Add(switchboard.NodeGoneAfter)
	for now := last; now.Before(last.Add(3 * switchboard.NodeGoneAfter)); now = now.Add(switchboard.HeartbeatInterval) {
		beat(t, s, runB, now)
		same(t, "A while B beats", claim(runA3, now.Add(time.Second), 10), []string{})
	}
}

// testNodeOutboxClaims checks the same for the outbox: a restarted node
// takes its own earlier claims at once, another node takes a gone node's
// claims after NodeGoneAfter, and a message waiting for its retry is not
// made due by its last claimant's death.
func testNodeOutboxClaims(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	ob := outboxOf(t, s)
	ctx := context.Background()
	m1 := newMessage(1, w.c1, switchboard.ChannelEmail, at)
	m2 := newMessage(2, w.c1, switchboard.ChannelEmail, at)
	m3 := newMessage(3, w.c1, switchboard.ChannelEmail, at)
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateMessage, m1, m2, m3) })
	claim := func(by switchboard.Claimant, now time.Time, limit int) []string {
		t.Helper()
		ms, err := ob.Claim(ctx, switchboard.OutboxClaim{Channels: []switchboard.Channel{switchboard.ChannelEmail},
			Now: now, Until: now.Add(claimLease), Limit: limit, By: by, GoneBefore: now.Add(-switchboard.NodeGoneAfter)})
		if err != nil {
			t.Fatalf("claim: %v", err)
		}
		return ids(ms)
	}
	sec := func(n int) time.Time { return at.Add(time.Duration(n) * time.Second) }

	same(t, "A claims", claim(runA1, sec(0), 2), []string{m1.ID, m2.ID})
	same(t, "A after its restart", claim(runA2, sec(1), 10), []string{m1.ID, m2.ID, m3.ID})
	if err := ob.MarkRetry(ctx, m3.ID, sec(1).Add(claimLease), "421 try later"); err != nil {
		t.Fatalf("mark retry: %v", err)
	}
	beat(t, s, runB, sec(10))
	same(t, "B while A's heartbeat is recent", claim(runB, sec(1).Add(switchboard.NodeGoneAfter), 10), []string{})
	same(t, "B once A is gone", claim(runB, sec(2).Add(switchboard.NodeGoneAfter), 10), []string{m1.ID, m2.ID})
	if err := ob.Release(ctx, m2.ID, sec(2).Add(claimLease)); err != nil {
		t.Fatalf("release: %v", err)
	}
	same(t, "A while B beats", claim(runA3, sec(3).Add(switchboard.NodeGoneAfter), 10), []string{})
	same(t, "A once B is gone", claim(runA3, sec(3).Add(2*switchboard.NodeGoneAfter), 10), []string{m1.ID})
}
