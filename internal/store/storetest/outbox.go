package storetest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// outboxOf returns the store's Outbox, failing t when it has none.
func outboxOf(t *testing.T, s switchboard.Store) switchboard.Outbox {
	t.Helper()
	o, ok := s.(switchboard.Outbox)
	if !ok {
		t.Fatalf("%T does not implement switchboard.Outbox", s)
	}
	return o
}

func newMessage(i int, c *switchboard.Customer, ch switchboard.Channel, due time.Time) *switchboard.Message {
	to := fmt.Sprintf("user%d@example.com", i)
	if ch == switchboard.ChannelSMS {
		to = fmt.Sprintf("+4917000000%02d", i)
	}
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, ch, to, "de", at)
	m.ID = fmt.Sprintf("msg_%03d", i)
	m.CustomerID = c.ID
	m.Subject = "Ihr Passwort"
	m.Text = fmt.Sprintf("Ihr Passwort lautet secret-%d", i)
	m.HTML = fmt.Sprintf("<p>Ihr Passwort lautet secret-%d</p>", i)
	m.NextAttemptAt = utc(due)
	m.CreatedAt = utc(at)
	return m
}

// ids returns the messages' ids in sorted order.
func ids(ms []*switchboard.Message) []string {
	out := keys(ms, func(m *switchboard.Message) string { return m.ID })
	sort.Strings(out)
	return out
}

// testOutbox checks writing and reading messages and the dispatcher's life
// cycle: claims lease messages, only due ones of the asked channels are
// claimed, outcomes are recorded only on pending messages.
func testOutbox(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	ob := outboxOf(t, s)
	ctx := context.Background()
	mail := newMessage(1, w.c1, switchboard.ChannelEmail, at)
	sms := newMessage(2, w.c1, switchboard.ChannelSMS, at)
	future := newMessage(3, w.c2, switchboard.ChannelEmail, at.Add(time.Hour))
	update(t, s, func(tx switchboard.Tx) error {
		return each(tx.CreateMessage, mail, sms, future)
	})
	dup := newMessage(4, w.c1, switchboard.ChannelEmail, at)
	dup.Key = mail.Key
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateMessage(dup) }), switchboard.ECONFLICT)
	dup = newMessage(1, w.c1, switchboard.ChannelEmail, at)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateMessage(dup) }), switchboard.ECONFLICT)

	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Message(mail.ID)
		if err != nil {
			return err
		}
		same(t, "message", got, mail)
		_, err = tx.Message("msg_nope")
		wantError(t, err, switchboard.ENOTFOUND)
		mine, _, err := tx.Messages(switchboard.MessageFilter{CustomerID: w.c1.ID}, switchboard.Page{})
		if err != nil {
			return err
		}
		same(t, "customer 1's messages", ids(mine), []string{mail.ID, sms.ID})
		smsOnly, _, err := tx.Messages(switchboard.MessageFilter{Channel: switchboard.ChannelSMS}, switchboard.Page{})
		if err != nil {
			return err
		}
		same(t, "sms messages", ids(smsOnly), []string{sms.ID})
		failed, _, err := tx.Messages(switchboard.MessageFilter{State: switchboard.MessageFailed}, switchboard.Page{})
		if err != nil {
			return err
		}
		same(t, "failed messages", ids(failed), []string{})
		return nil
	})

	claim := func(now time.Time, chs ...switchboard.Channel) []*switchboard.Message {
		t.Helper()
		ms, err := ob.Claim(ctx, switchboard.OutboxClaim{Channels: chs, Now: now, Until: now.Add(time.Minute), Limit: 10})
		if err != nil {
			t.Fatalf("claim: %v", err)
		}
		return ms
	}
	got := claim(at, switchboard.ChannelEmail)
	same(t, "claimed mail", ids(got), []string{mail.ID})
	if len(got) == 1 && (got[0].Text != mail.Text || !got[0].NextAttemptAt.Equal(utc(at.Add(time.Minute)))) {
		t.Errorf("claimed message: text %q, next attempt %v; want the body and the lease's end", got[0].Text, got[0].NextAttemptAt)
	}
	same(t, "mail claimed again during its lease", ids(claim(at.Add(30*time.Second), switchboard.ChannelEmail)), []string{})
	same(t, "mail after the lease lapsed", ids(claim(at.Add(2*time.Minute), switchboard.ChannelEmail)), []string{mail.ID})

	if err := ob.Release(ctx, mail.ID, at); err != nil {
		t.Fatalf("release: %v", err)
	}
	same(t, "mail after release", ids(claim(at.Add(time.Second), switchboard.ChannelEmail)), []string{mail.ID})
	if err := ob.MarkRetry(ctx, mail.ID, at.Add(10*time.Minute), "421 try later"); err != nil {
		t.Fatalf("mark retry: %v", err)
	}
	same(t, "mail before its retry time", ids(claim(at.Add(5*time.Minute), switchboard.ChannelEmail)), []string{})
	if err := ob.MarkSent(ctx, mail.ID, later); err != nil {
		t.Fatalf("mark sent: %v", err)
	}
	view(t, s, func(tx switchboard.Tx) error {
		m, err := tx.Message(mail.ID)
		if err != nil {
			return err
		}
		if m.State != switchboard.MessageSent || m.Attempts != 2 || m.LastError != "" || !m.SentAt.Equal(utc(later)) || m.Key != mail.Key {
			t.Errorf("sent message: state %s, attempts %d, error %q, sent %v, key %q", m.State, m.Attempts, m.LastError, m.SentAt, m.Key)
		}
		return nil
	})
	same(t, "sent mail claimed", ids(claim(later.Add(time.Hour), switchboard.ChannelEmail, switchboard.ChannelSMS)), []string{sms.ID, future.ID})
	wantError(t, ob.MarkSent(ctx, mail.ID, later), switchboard.ECONFLICT, "sent")
	wantError(t, ob.MarkRetry(ctx, mail.ID, later, "x"), switchboard.ECONFLICT)
	wantError(t, ob.Release(ctx, mail.ID, later), switchboard.ECONFLICT)
	wantError(t, ob.MarkSent(ctx, "msg_nope", later), switchboard.ENOTFOUND)

	if err := ob.MarkFailed(ctx, sms.ID, "550 no such number"); err != nil {
		t.Fatalf("mark failed: %v", err)
	}
	wantError(t, ob.MarkFailed(ctx, sms.ID, "again"), switchboard.ECONFLICT, "failed")
	view(t, s, func(tx switchboard.Tx) error {
		failed, _, err := tx.Messages(switchboard.MessageFilter{State: switchboard.MessageFailed}, switchboard.Page{})
		if err != nil {
			return err
		}
		if len(failed) != 1 || failed[0].ID != sms.ID || failed[0].LastError != "550 no such number" || failed[0].Attempts != 1 {
			t.Errorf("failed messages = %+v, want the SMS with its error", failed)
		}
		return nil
	})
	same(t, "failed SMS claimed", ids(claim(later.Add(3*time.Hour), switchboard.ChannelSMS)), []string{})
}

// testOutboxConcurrentClaims lets two dispatchers claim at the same time,
// as two nodes on one database do: every message goes to exactly one.
func testOutboxConcurrentClaims(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	ob := outboxOf(t, s)
	const n = 60
	update(t, s, func(tx switchboard.Tx) error {
		for i := range n {
			if err := tx.CreateMessage(newMessage(i, w.c1, switchboard.ChannelEmail, at)); err != nil {
				return err
			}
		}
		return nil
	})
	var mu sync.Mutex
	owner := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for claimer := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				ms, err := ob.Claim(context.Background(), switchboard.OutboxClaim{
					Channels: []switchboard.Channel{switchboard.ChannelEmail}, Now: at, Until: at.Add(time.Hour), Limit: 7})
				if err != nil {
					errs <- err
					return
				}
				if len(ms) == 0 {
					return
				}
				mu.Lock()
				for _, m := range ms {
					if prev, ok := owner[m.ID]; ok {
						errs <- fmt.Errorf("message %s claimed by claimer %d and %d", m.ID, prev, claimer)
					}
					owner[m.ID] = claimer
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(owner) != n {
		t.Errorf("%d of %d messages claimed", len(owner), n)
	}
}

// testOrderClaims checks the order worker's queue: open orders are claimed
// once and become processing; a claim that lapsed is taken again; finished
// orders never are.
func testOrderClaims(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	mk := func(id string, st switchboard.OrderState) *switchboard.Order {
		return &switchboard.Order{ID: id, CustomerID: w.c1.ID, WorkplaceID: w.w1.ID, Kind: "create_workplace",
			Items: []string{"workplace"}, State: st, CreatedAt: utc(at), UpdatedAt: utc(at)}
	}
	update(t, s, func(tx switchboard.Tx) error {
		return each(tx.CreateOrder, mk("ord_1", switchboard.OrderOpen), mk("ord_2", switchboard.OrderOpen),
			mk("ord_3", switchboard.OrderDone), mk("ord_4", switchboard.OrderFailed))
	})
	claim := func(now time.Time, limit int) []string {
		t.Helper()
		var out []string
		update(t, s, func(tx switchboard.Tx) error {
			os, err := tx.ClaimOrders(switchboard.OrderClaim{Now: now, Until: now.Add(time.Minute), Limit: limit})
			out = nil
			for _, o := range os {
				if o.State != switchboard.OrderProcessing {
					t.Errorf("claimed order %s is %s, want processing", o.ID, o.State)
				}
				out = append(out, o.ID)
			}
			return err
		})
		return out
	}
	same(t, "first claim", claim(at, 1), []string{"ord_1"})
	same(t, "second claim", claim(at, 10), []string{"ord_2"})
	same(t, "claim during the leases", claim(at.Add(30*time.Second), 10), []string(nil))
	view(t, s, func(tx switchboard.Tx) error {
		o, err := tx.Order("ord_1")
		if err == nil && o.State != switchboard.OrderProcessing {
			t.Errorf("stored order is %s, want processing", o.State)
		}
		return err
	})
	update(t, s, func(tx switchboard.Tx) error {
		o, err := tx.Order("ord_2")
		if err != nil {
			return err
		}
		o.State = switchboard.OrderDone
		return tx.UpdateOrder(o)
	})
	same(t, "claim after the lease lapsed", claim(at.Add(2*time.Minute), 10), []string{"ord_1"})
}
