package notify_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms/smstest"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp/smtptest"
)

const from = "noreply@switchboard.example"

func mailSender(t *testing.T, srv *smtptest.Server) notify.Sender {
	t.Helper()
	s, err := smtp.New(smtp.Config{URL: srv.URL(from, "starttls=required"),
		TLSConfig: &tls.Config{RootCAs: srv.RootCAs}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkNothingLost checks that every message is sent, that the server got
// each at least once, and that every copy carries its message's key.
func checkNothingLost(t *testing.T, out *memOutbox, msgs []*switchboard.Message, got []smtptest.Mail) (copies map[string]int) {
	t.Helper()
	byID := map[string]string{}
	for _, m := range msgs {
		byID["<"+m.Key+"@switchboard.example>"] = m.To
		if st := out.get(m.ID); st.State != switchboard.MessageSent {
			t.Errorf("message %s is %s (%s), want sent", m.ID, st.State, st.LastError)
		}
	}
	copies = map[string]int{}
	for _, g := range got {
		id := g.Header.Get("Message-ID")
		to, ok := byID[id]
		if !ok || g.To[0] != to {
			t.Errorf("server got Message-ID %q for %v, not one of the outbox's keys", id, g.To)
		}
		copies[id]++
	}
	if len(copies) != len(msgs) {
		t.Errorf("server got %d distinct messages, want %d", len(copies), len(msgs))
	}
	return copies
}

// TestStopInMiddleOfBatchAndRestart stops the dispatcher while the server
// takes the fourth of ten mails, then starts a new one.
func TestStopInMiddleOfBatchAndRestart(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	clk := newClock()
	msgs := emails(10, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	srv.OnData(func(smtptest.Mail) error {
		if n++; n == 4 {
			cancel()
		}
		return nil
	})
	senders := map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: mailSender(t, srv)}
	d := newDispatcher(t, s, senders, nil)
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("dispatcher did not stop")
	}
	first := len(srv.Mails())
	if first < 4 || first > 5 {
		t.Fatalf("server got %d mails before the stop, want 4 (or 5 if the stop came late)", first)
	}
	for _, m := range msgs[first:] {
		if st := s.out.get(m.ID); st.State != switchboard.MessagePending || st.Attempts != 0 || st.NextAttemptAt.After(clk.Now()) {
			t.Errorf("unsent message %s not handed back: %+v", m.ID, st)
		}
	}

	srv.OnData(nil)
	d2 := newDispatcher(t, s, senders, nil)
	for runOnce(t, d2) > 0 {
	}
	got := srv.Mails()
	copies := checkNothingLost(t, s.out, msgs, got)
	dups := 0
	for _, c := range copies {
		dups += c - 1
	}
	if dups > 1 || len(got) > len(msgs)+1 {
		t.Errorf("%d mails for %d messages: only the one in flight at the stop may come twice", len(got), len(msgs))
	}
}

// TestCrashAfterSendResendsSameMessageID loses the outbox (the process
// dies) right after the server accepted the third mail: the claims lapse
// and a new dispatcher sends the third again, with the same Message-ID.
func TestCrashAfterSendResendsSameMessageID(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	clk := newClock()
	msgs := emails(6, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	n := 0
	srv.OnData(func(smtptest.Mail) error {
		if n++; n == 3 {
			s.out.freeze(true)
		}
		return nil
	})
	senders := map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: mailSender(t, srv)}
	d := newDispatcher(t, s, senders, nil)
	if _, err := d.RunOnce(context.Background()); err == nil {
		t.Fatal("lost outbox not reported")
	}
	if got := len(srv.Mails()); got != 3 {
		t.Fatalf("dispatcher went on sending without an outbox: %d mails", got)
	}

	s.out.freeze(false)
	srv.OnData(nil)
	d2 := newDispatcher(t, s, senders, nil)
	if n := runOnce(t, d2); n != 0 {
		t.Fatalf("claimed %d messages while the dead dispatcher's claim still holds", n)
	}
	clk.Advance(time.Hour)
	for runOnce(t, d2) > 0 {
	}
	got := srv.Mails()
	copies := checkNothingLost(t, s.out, msgs, got)
	if len(got) != 7 || copies["<"+msgs[2].Key+"@switchboard.example>"] != 2 {
		t.Errorf("%d mails, copies %v: want the third message twice, every other once", len(got), copies)
	}
}

// TestSMSGatewayFailingTwice delivers through a gateway that answers 503,
// then 429, then accepts.
func TestSMSGatewayFailingTwice(t *testing.T) {
	gw := smstest.New(t)
	gw.FailNext(http.StatusServiceUnavailable, http.StatusTooManyRequests)
	clk := newClock()
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelSMS, "+4915112345678", "de", clk.Now())
	m.Text = "Ihr Erstanmelde-Passwort: Xy7-kQ2m"
	s := &setup{clk: clk, out: newOutbox(m)}
	sender, err := sms.New(sms.Config{URL: gw.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelSMS: sender}, nil)
	for range 5 {
		runOnce(t, d)
		clk.Advance(time.Hour)
	}
	attempts := gw.Attempts()
	if len(attempts) != 3 {
		t.Fatalf("gateway got %d requests, want 3", len(attempts))
	}
	for i, a := range attempts {
		if a.IdempotencyKey != m.Key || a.HeaderKey != m.Key {
			t.Errorf("attempt %d carried keys %q/%q, want %q", i+1, a.IdempotencyKey, a.HeaderKey, m.Key)
		}
	}
	if got := gw.Delivered(); len(got) != 1 || got[0].To != m.To || got[0].Text != m.Text {
		t.Errorf("gateway delivered %+v, want the one message", got)
	}
	if st := s.out.get(m.ID); st.State != switchboard.MessageSent || st.Attempts != 3 {
		t.Errorf("outbox: %s after %d attempts", st.State, st.Attempts)
	}
}

// TestSMSPermanentRefusalIsVisible: a gateway refusing the number ends the
// message as failed, with the reason for the operator.
func TestSMSPermanentRefusalIsVisible(t *testing.T) {
	gw := smstest.New(t)
	gw.FailNext(http.StatusUnprocessableEntity)
	clk := newClock()
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelSMS, "+4915112345678", "de", clk.Now())
	m.Text = "Ihr Erstanmelde-Passwort: Xy7-kQ2m"
	s := &setup{clk: clk, out: newOutbox(m)}
	sender, err := sms.New(sms.Config{URL: gw.URL})
	if err != nil {
		t.Fatal(err)
	}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelSMS: sender}, nil)
	for range 3 {
		runOnce(t, d)
		clk.Advance(time.Hour)
	}
	st := s.out.get(m.ID)
	if st.State != switchboard.MessageFailed || st.Attempts != 1 || !strings.Contains(st.LastError, "422") {
		t.Errorf("outbox: %s after %d attempts, error %q; want failed after 1 with the status", st.State, st.Attempts, st.LastError)
	}
	if len(gw.Delivered()) != 0 || len(gw.Attempts()) != 1 {
		t.Errorf("gateway: %d attempts, %d delivered", len(gw.Attempts()), len(gw.Delivered()))
	}
}

// TestRunDeliversOnWake: a running dispatcher with a long poll interval
// sends a new message as soon as it is woken, and stops on cancel.
func TestRunDeliversOnWake(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	clk := newClock()
	s := &setup{clk: clk, out: newOutbox()}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: mailSender(t, srv)},
		func(c *notify.Config) { c.PollInterval = time.Hour })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // let the first, empty round pass
	msgs := emails(2, clk.Now())
	for _, m := range msgs {
		s.out.add(m)
	}
	d.Wake()
	got := srv.Wait(t, 2, 10*time.Second)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("dispatcher did not stop")
	}
	checkNothingLost(t, s.out, msgs, got)
}
