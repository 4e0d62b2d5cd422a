package notify_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms/smstest"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp/smtptest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

const from = "noreply@switchboard.example"

// checkNothingLost checks that every message is sent, that the server got
// each at least once, and that every copy carries its message's key.
func checkNothingLost(t *testing.T, out *memOutbox, msgs []*switchboard.Message, got []smtptest.Mail) (copies map[string]int) {
	t.Helper()
	for _, m := range msgs {
		if st := out.get(m.ID); st.State != switchboard.MessageSent {
			t.Errorf("message %s is %s (%s), want sent", m.ID, st.State, st.LastError)
		}
	}
	copies = smtptest.Copies(t, got, msgs, "switchboard.example")
	if len(copies) != len(msgs) {
		t.Errorf("server got %d distinct messages, want %d", len(copies), len(msgs))
	}
	return copies
}

// TestStopInMiddleOfBatchAndRestart stops a dispatcher sending one mail
// at a time while the server takes the fourth of ten mails, then starts a
// new one.
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
	senders := map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: srv.Sender(t, from, "starttls=required")}
	d := newDispatcher(t, s, senders, oneAtATime)
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	sbtest.Wait(t, done, 20*time.Second, "dispatcher")
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
// dies) right after the server accepted the third mail from a dispatcher
// sending one at a time: the claims lapse and a new dispatcher sends the
// third again, with the same Message-ID.
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
	senders := map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: srv.Sender(t, from, "starttls=required")}
	d := newDispatcher(t, s, senders, oneAtATime)
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

// smsRounds sends an SMS password through a gateway that first fails with
// the given statuses, running the dispatcher rounds times an hour apart.
// It returns the gateway, the message and the message as the outbox has it.
func smsRounds(t *testing.T, rounds int, failures ...int) (gw *smstest.Gateway, m *switchboard.Message, st switchboard.Message) {
	t.Helper()
	gw = smstest.New(t)
	gw.FailNext(failures...)
	clk := newClock()
	m = switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelSMS, "+4915112345678", "de", clk.Now())
	m.Text = "Ihr Erstanmelde-Passwort: Xy7-kQ2m"
	s := &setup{clk: clk, out: newOutbox(m)}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelSMS: smstest.Sender(t, gw.URL)}, nil)
	for range rounds {
		runOnce(t, d)
		clk.Advance(time.Hour)
	}
	return gw, m, s.out.get(m.ID)
}

// TestSMSGatewayFailingTwice delivers through a gateway that answers 503,
// then 429, then accepts.
func TestSMSGatewayFailingTwice(t *testing.T) {
	gw, m, st := smsRounds(t, 5, http.StatusServiceUnavailable, http.StatusTooManyRequests)
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
	if st.State != switchboard.MessageSent || st.Attempts != 3 {
		t.Errorf("outbox: %s after %d attempts", st.State, st.Attempts)
	}
}

// TestSMSPermanentRefusalIsVisible: a gateway refusing the number ends the
// message as failed, with the reason for the operator.
func TestSMSPermanentRefusalIsVisible(t *testing.T) {
	gw, _, st := smsRounds(t, 3, http.StatusUnprocessableEntity)
	if st.State != switchboard.MessageFailed || st.Attempts != 1 || !strings.Contains(st.LastError, "422") {
		t.Errorf("outbox: %s after %d attempts, error %q; want failed after 1 with the status", st.State, st.Attempts, st.LastError)
	}
	if len(gw.Delivered()) != 0 || len(gw.Attempts()) != 1 {
		t.Errorf("gateway: %d attempts, %d delivered", len(gw.Attempts()), len(gw.Delivered()))
	}
}

// TestRunDeliversOnOutboxNotice: a running dispatcher with a long poll
// interval sends a new message as soon as an outbox notice arrives on the
// bus, and stops on cancel.
func TestRunDeliversOnOutboxNotice(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	clk := newClock()
	s := &setup{clk: clk, out: newOutbox()}
	b := bus.NewLocal()
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: srv.Sender(t, from, "starttls=required")},
		func(c *notify.Config) { c.PollInterval, c.Changes = time.Hour, b })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // let the first, empty round pass
	msgs := emails(2, clk.Now())
	for _, m := range msgs {
		s.out.add(m)
	}
	if err := b.Publish(context.Background(), switchboard.TopicOutbox, switchboard.All); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 2, 10*time.Second)
	cancel()
	sbtest.Wait(t, done, 10*time.Second, "dispatcher")
	checkNothingLost(t, s.out, msgs, got)
}

// TestWorkplaceSetupMessagesArrive writes the messages of a workplace
// setup with notify/messages and delivers them: welcome, password and
// confirmation mails reach the SMTP server with their texts; with a mobile
// number the password goes to the SMS gateway instead. A user's welcome
// arrives before the password.
func TestWorkplaceSetupMessagesArrive(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	gw := smstest.New(t)
	clk := newClock()
	env := messages.Env{PortalURL: "https://portal.example.net/login"}
	c := &switchboard.Customer{ID: "cus_1", Name: "Kunde GmbH", AdminEmail: "it@kunde.example"}
	o := &switchboard.Order{ID: "ord_1", CustomerID: "cus_1", Kind: "create_workplace", State: switchboard.OrderDone, CreatedAt: clk.Now()}
	noMobile := &switchboard.Workplace{ID: "wp_1", CustomerID: "cus_1", FirstName: "Anna", LastName: "Berg",
		Email: "anna@kunde.example", Username: "anna.berg", Extension: "201", NoMobile: true, Language: "en"}
	withMobile := &switchboard.Workplace{ID: "wp_2", CustomerID: "cus_1", FirstName: "Bernd", LastName: "Kurz",
		Email: "bernd@kunde.example", Username: "bernd.kurz", Extension: "202", Mobile: "+4915112345678", Language: "de"}
	var msgs []*switchboard.Message
	for _, build := range []func() (*switchboard.Message, error){
		func() (*switchboard.Message, error) { return messages.Welcome(env, noMobile, clk.Now()) },
		func() (*switchboard.Message, error) {
			return messages.InitialPassword(env, noMobile, "First-Pass-1", clk.Now())
		},
		func() (*switchboard.Message, error) {
			return messages.OrderConfirmation(env, c, o, noMobile, clk.Now())
		},
		func() (*switchboard.Message, error) { return messages.Welcome(env, withMobile, clk.Now()) },
		func() (*switchboard.Message, error) {
			return messages.InitialPassword(env, withMobile, "Second-Pass-2", clk.Now())
		},
	} {
		m, err := build()
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	smsSender := smstest.Sender(t, gw.URL)
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{
		switchboard.ChannelEmail: srv.Sender(t, from, "starttls=required"), switchboard.ChannelSMS: smsSender}, nil)
	if n := runOnce(t, d); n != 5 {
		t.Fatalf("claimed %d, want 5", n)
	}
	mails := srv.Mails()
	if len(mails) != 4 {
		t.Fatalf("server got %d mails, want 4", len(mails))
	}
	byID := map[string]int{}
	for i, m := range mails {
		byID[m.Header.Get("Message-ID")] = i
	}
	at := make([]int, 4)
	for i, want := range []struct{ to, subject, body string }{
		{"anna@kunde.example", "Welcome to Switchboard: your username", "anna.berg"},
		{"anna@kunde.example", "Your password for the first login to Switchboard", "First-Pass-1"},
		{"it@kunde.example", "Order information: Set up workplace (anna.berg)", "has been carried out"},
		{"bernd@kunde.example", "Willkommen bei Switchboard: Ihr Benutzername", "Endung 5678"},
	} {
		j, ok := byID["<"+msgs[i].Key+"@switchboard.example>"]
		if !ok {
			t.Errorf("no mail with the Message-ID of message %d (%s)", i, want.subject)
			continue
		}
		at[i] = j
		m := mails[j]
		parts, err := m.Parts()
		if err != nil {
			t.Fatal(err)
		}
		if m.To[0] != want.to || m.Subject() != want.subject ||
			!strings.Contains(parts["text/plain"], want.body) || !strings.Contains(parts["text/html"], want.body) {
			t.Errorf("message %d: to %v subject %q; want %s, %q with %q in both parts", i, m.To, m.Subject(), want.to, want.subject, want.body)
		}
	}
	if at[0] > at[1] {
		t.Error("Anna's password arrived before her welcome")
	}
	if got := gw.Delivered(); len(got) != 1 || got[0].To != "+4915112345678" || !strings.Contains(got[0].Text, "Second-Pass-2") {
		t.Errorf("SMS gateway delivered %+v, want Bernd's password", got)
	}
	for _, m := range mails {
		if strings.Contains(string(m.Data), "Second-Pass-2") {
			t.Error("the password of a user with a mobile number went by e-mail")
		}
	}
}
