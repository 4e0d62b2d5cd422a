package notify_test

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// TestClaimsOfACrashedDispatcher writes mails to a SQLite outbox whose
// dispatcher on node A claims them and dies before sending (the claim as
// the dispatcher makes it, then nothing). Node A started again sends them
// in its first round, not after the claim's lease; when A dies once more,
// node B, on the same file, sends them once A's heartbeat is
// NodeGoneAfter old, and not before.
func TestClaimsOfACrashedDispatcher(t *testing.T) {
	clk := newClock()
	open := stores.SQLite(t)
	db := open(t)
	outbox := db.(switchboard.Outbox)
	rec := &recorder{}
	nodeA, nodeB := "host-a 127.0.0.1:5060", "host-b 127.0.0.1:5062"
	dispatcher := func(s switchboard.Store, c switchboard.Claimant) *notify.Dispatcher {
		d, err := notify.New(notify.Config{Outbox: s.(switchboard.Outbox), Now: clk.Now, Claimant: c,
			Senders: map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	crash := func(c switchboard.Claimant, n int) {
		t.Helper()
		msgs := emails(n, clk.Now())
		if err := db.Update(context.Background(), func(tx switchboard.Tx) error {
			for _, m := range msgs {
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		now := clk.Now()
		got, err := outbox.Claim(context.Background(), switchboard.OutboxClaim{
			Channels: []switchboard.Channel{switchboard.ChannelEmail}, Now: now, Until: now.Add(time.Hour), Limit: 20,
			By: c, GoneBefore: now.Add(-switchboard.NodeGoneAfter)})
		if err != nil || len(got) != n {
			t.Fatalf("crashing dispatcher claimed %d of %d (%v)", len(got), n, err)
		}
	}

	crash(switchboard.Claimant{Node: nodeA, Run: "run_a1"}, 3)
	clk.Advance(time.Second)
	if n := runOnce(t, dispatcher(db, switchboard.Claimant{Node: nodeA, Run: "run_a2"})); n != 3 || len(rec.sent()) != 3 {
		t.Fatalf("node A after its restart claimed %d and sent %d, want the 3 its earlier run had claimed", n, len(rec.sent()))
	}

	crash(switchboard.Claimant{Node: nodeA, Run: "run_a2"}, 2)
	b := dispatcher(open(t), switchboard.Claimant{Node: nodeB, Run: "run_b1"})
	clk.Advance(switchboard.NodeGoneAfter - time.Second)
	if n := runOnce(t, b); n != 0 {
		t.Fatalf("node B claimed %d of A's messages before A's heartbeat was NodeGoneAfter old", n)
	}
	clk.Advance(2 * time.Second)
	if n := runOnce(t, b); n != 2 || len(rec.sent()) != 5 {
		t.Fatalf("node B claimed %d of the gone node A's messages (sent %d in all), want 2 (5)", n, len(rec.sent()))
	}
}
