package api_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp/smtptest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
)

// writeMails puts n password mails into the outbox.
func writeMails(t *testing.T, st switchboard.Store, n int) []*switchboard.Message {
	t.Helper()
	var out []*switchboard.Message
	err := st.Update(context.Background(), func(tx switchboard.Tx) error {
		for i := range n {
			m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail,
				fmt.Sprintf("user%02d@example.com", i), "en", time.Now().Add(-time.Minute))
			m.Subject, m.Text = "Your password", fmt.Sprintf("Password %02d: secret", i)
			if err := tx.CreateMessage(m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkDelivered checks that every message is recorded as sent and arrived
// at least once, that every copy carries the Message-ID of its message's
// key, and returns how many copies each key had.
func checkDelivered(t *testing.T, st switchboard.Store, msgs []*switchboard.Message, got []smtptest.Mail) map[string]int {
	t.Helper()
	copies := smtptest.Copies(t, got, msgs, "switchboard.example")
	err := st.View(context.Background(), func(tx switchboard.Tx) error {
		for _, m := range msgs {
			s, err := tx.Message(m.ID)
			if err != nil {
				return err
			}
			if s.State != switchboard.MessageSent || s.Key != m.Key {
				t.Errorf("message %s is %s (%s), want sent with its key", m.ID, s.State, s.LastError)
			}
			if copies["<"+m.Key+"@switchboard.example>"] == 0 {
				t.Errorf("message %s never arrived", m.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return copies
}

// restartRun is where both restart tests start: n password mails in the
// outbox of a store that open opens again after the restart, and an SMTP
// server with a sender for them.
type restartRun struct {
	open    stores.Opener
	srv     *smtptest.Server
	st      switchboard.Store
	msgs    []*switchboard.Message
	senders map[switchboard.Channel]notify.Sender
}

// restartRuns runs test from a restartRun of n mails on each store.
func restartRuns(t *testing.T, n int, test func(t *testing.T, r restartRun)) {
	for name, mk := range bothStores {
		t.Run(name, func(t *testing.T) {
			r := restartRun{open: mk(t), srv: smtptest.New(t, smtptest.Options{})}
			r.st = r.open(t)
			r.msgs = writeMails(t, r.st, n)
			r.senders = map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: r.srv.Sender(t, mailFrom, "starttls=required")}
			test(t, r)
		})
	}
}

// TestOutboxSurvivesRestart stops a server (dispatcher and store) while
// the SMTP server takes the fourth mail of a batch, opens the database
// again and runs a new dispatcher: nothing is lost, and only the mail in
// flight at the stop may arrive twice, with the same Message-ID.
func TestOutboxSurvivesRestart(t *testing.T) {
	restartRuns(t, 10, func(t *testing.T, r restartRun) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var mu sync.Mutex
		n := 0
		r.srv.OnData(func(smtptest.Mail) error {
			mu.Lock()
			defer mu.Unlock()
			if n++; n == 4 {
				cancel()
			}
			return nil
		})
		d1 := dispatcher(t, r.st, r.senders, time.Now)
		done := make(chan error, 1)
		go func() { done <- d1.Run(ctx) }()
		sbtest.Wait(t, done, 30*time.Second, "dispatcher")
		if err := r.st.Close(); err != nil {
			t.Fatal(err)
		}
		if first := len(r.srv.Mails()); first < 4 || first > 5 {
			t.Fatalf("%d mails before the stop, want 4 (5 if the stop came late)", first)
		}

		r.srv.OnData(nil)
		st2 := r.open(t)
		drain(t, st2, dispatcher(t, st2, r.senders, time.Now))
		got := r.srv.Mails()
		copies := checkDelivered(t, st2, r.msgs, got)
		if len(copies) != len(r.msgs) || len(got) > len(r.msgs)+1 {
			t.Errorf("%d mails with %d Message-IDs for %d messages: only the one in flight may come twice", len(got), len(copies), len(r.msgs))
		}
	})
}

// dyingOutbox is an outbox whose process dies right after a sender
// accepted the message number deathAt: that outcome and everything after
// it is never recorded.
type dyingOutbox struct {
	switchboard.Outbox
	mu      sync.Mutex
	sent    int
	deathAt int
}

var errDied = errors.New("process died")

func (o *dyingOutbox) dead() bool { return o.sent >= o.deathAt }

func (o *dyingOutbox) MarkSent(ctx context.Context, id string, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sent++; o.dead() {
		return errDied
	}
	return o.Outbox.MarkSent(ctx, id, at)
}

func (o *dyingOutbox) Release(ctx context.Context, id string, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead() {
		return errDied
	}
	return o.Outbox.Release(ctx, id, at)
}

// TestOutboxCrashAfterSend kills the server right after the SMTP server
// accepted the third mail, before it was recorded: after a restart, once
// the claim has lapsed, the third mail is sent again with the same
// Message-ID and every other mail exactly once. A dispatcher making
// several attempts at once starts none after the crash, but those under
// way reach the server unrecorded and are sent again too.
func TestOutboxCrashAfterSend(t *testing.T) {
	for _, conc := range []int{1, notify.DefaultConcurrency} {
		t.Run(fmt.Sprintf("%d at once", conc), func(t *testing.T) { crashAfterSend(t, conc) })
	}
}

func crashAfterSend(t *testing.T, conc int) {
	restartRuns(t, 8, func(t *testing.T, r restartRun) {
		d1, err := notify.New(notify.Config{Outbox: &dyingOutbox{Outbox: r.st.(switchboard.Outbox), deathAt: 3},
			Senders: r.senders, SendTimeout: 5 * time.Second, Concurrency: conc})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d1.RunOnce(context.Background()); !errors.Is(err, errDied) {
			t.Fatalf("first dispatcher: %v, want it to die", err)
		}
		r.st.Close()
		before := len(r.srv.Mails())
		if before < 3 || before > 3+conc-1 {
			t.Fatalf("%d mails before the crash, want 3 and at most the %d attempts under way then", before, conc-1)
		}

		st2 := r.open(t)
		early := dispatcher(t, st2, r.senders, time.Now)
		if n, err := early.RunOnce(context.Background()); err != nil || n != 0 {
			t.Fatalf("a restarted dispatcher claimed %d messages (%v) while the dead one's claim holds", n, err)
		}
		afterLease := func() time.Time { return time.Now().Add(2 * time.Hour) }
		drain(t, st2, dispatcher(t, st2, r.senders, afterLease))
		got := r.srv.Mails()
		copies := checkDelivered(t, st2, r.msgs, got)
		third := "<" + r.msgs[2].Key + "@switchboard.example>"
		twice := 0
		for id, c := range copies {
			if c == 2 {
				twice++
			}
			// One at a time, the unrecorded mail is the third.
			if (conc == 1 && id == third && c != 2) || c < 1 || c > 2 {
				t.Errorf("Message-ID %s arrived %d times", id, c)
			}
		}
		// Two mails were recorded as sent before the crash.
		if len(got) != len(r.msgs)+before-2 || twice != before-2 {
			t.Errorf("%d mails for %d messages, %d twice, want the %d unrecorded ones twice", len(got), len(r.msgs), twice, before-2)
		}
	})
}
