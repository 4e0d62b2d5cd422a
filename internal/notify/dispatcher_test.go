package notify_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// recorder is a sender that remembers every attempt and answers with the
// next scripted error (nil once the script is used up).
type recorder struct {
	mu       sync.Mutex
	attempts []switchboard.Message
	script   []error
	hook     func(n int) error // called with the attempt number, overrides script
}

func (r *recorder) Send(_ context.Context, m *switchboard.Message) error {
	r.mu.Lock()
	r.attempts = append(r.attempts, *m)
	n := len(r.attempts)
	var err error
	if len(r.script) > 0 {
		err, r.script = r.script[0], r.script[1:]
	}
	hook := r.hook
	r.mu.Unlock()
	if hook != nil {
		return hook(n)
	}
	return err
}

func (r *recorder) sent() []switchboard.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]switchboard.Message(nil), r.attempts...)
}

type setup struct {
	clk *sbtest.Clock
	out *memOutbox
	reg *prometheus.Registry
	log *sbtest.Buffer
}

func newDispatcher(t *testing.T, s *setup, senders map[switchboard.Channel]notify.Sender, tune func(*notify.Config)) *notify.Dispatcher {
	t.Helper()
	if s.reg == nil {
		s.reg = prometheus.NewRegistry()
	}
	metrics, err := notify.NewMetrics(s.reg)
	if err != nil {
		// A second dispatcher in one test shares the first one's counters.
		metrics, _ = notify.NewMetrics(nil)
	}
	s.log = &sbtest.Buffer{}
	cfg := notify.Config{
		Outbox: s.out, Senders: senders, Now: s.clk.Now, Rand: func() float64 { return 0.5 },
		BaseDelay: time.Minute, MaxDelay: time.Hour, MaxAttempts: 5, BatchSize: 20,
		Metrics: metrics, Logger: slog.New(slog.NewTextHandler(s.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if tune != nil {
		tune(&cfg)
	}
	d, err := notify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// oneAtATime tunes a dispatcher to make one attempt at a time, for tests
// that count the attempts made before an interruption.
func oneAtATime(c *notify.Config) { c.Concurrency = 1 }

func runOnce(t *testing.T, d *notify.Dispatcher) int {
	t.Helper()
	n, err := d.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRetriesThenSends(t *testing.T) {
	clk := newClock()
	msgs := emails(1, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	rec := &recorder{script: []error{errors.New("421 try later"), errors.New("connection reset")}}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec}, nil)
	id := msgs[0].ID

	// Back-off with jitter 0.5: 1 min → 45 s, then 2 min → 90 s.
	for i, wait := range []time.Duration{45 * time.Second, 90 * time.Second} {
		before := clk.Now()
		if n := runOnce(t, d); n != 1 {
			t.Fatalf("round %d claimed %d", i, n)
		}
		m := s.out.get(id)
		if m.State != switchboard.MessagePending || m.Attempts != i+1 || !m.NextAttemptAt.Equal(before.Add(wait)) {
			t.Fatalf("after failure %d: %s, %d attempts, next at +%v; want pending, %d, +%v",
				i+1, m.State, m.Attempts, m.NextAttemptAt.Sub(before), i+1, wait)
		}
		clk.Advance(wait - time.Second)
		if n := runOnce(t, d); n != 0 {
			t.Fatalf("claimed a message %v before it was due", time.Second)
		}
		clk.Advance(time.Second)
	}
	runOnce(t, d)
	m := s.out.get(id)
	if m.State != switchboard.MessageSent || m.Attempts != 3 || m.LastError != "" || !m.SentAt.Equal(clk.Now()) {
		t.Errorf("after success: %+v", m)
	}
	for _, a := range rec.sent() {
		if a.Key != msgs[0].Key {
			t.Errorf("attempt with key %s, want %s every time", a.Key, msgs[0].Key)
		}
	}
	if got := counter(t, s.reg, "switchboard_notify_messages_retried_total", "email"); got != 2 {
		t.Errorf("retried counter %v, want 2", got)
	}
	if got := counter(t, s.reg, "switchboard_notify_messages_sent_total", "email"); got != 1 {
		t.Errorf("sent counter %v, want 1", got)
	}
	clk.Advance(24 * time.Hour)
	if n := runOnce(t, d); n != 0 || len(rec.sent()) != 3 {
		t.Errorf("a sent message was claimed again (%d) or re-sent (%d attempts)", n, len(rec.sent()))
	}
}

func TestBackoffDoublesUpToMaximum(t *testing.T) {
	for _, tc := range []struct {
		jitter float64
		want   []time.Duration
	}{
		{0, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute}},
		{0.999999, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}},
	} {
		clk := newClock()
		msgs := emails(1, clk.Now())
		s := &setup{clk: clk, out: newOutbox(msgs...)}
		rec := &recorder{hook: func(int) error { return errors.New("451 busy") }}
		d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec}, func(c *notify.Config) {
			c.MaxDelay, c.MaxAttempts = 10*time.Minute, 100
			c.Rand = func() float64 { return tc.jitter }
		})
		for i, want := range tc.want {
			before := clk.Now()
			runOnce(t, d)
			next := s.out.get(msgs[0].ID).NextAttemptAt
			if got := next.Sub(before).Round(time.Second); got != want {
				t.Errorf("jitter %v, failure %d: waits %v, want %v", tc.jitter, i+1, got, want)
			}
			clk.Set(next)
		}
	}
}

func TestPermanentFailureEndsAtOnce(t *testing.T) {
	clk := newClock()
	msgs := emails(1, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	rec := &recorder{script: []error{notify.Permanent(errors.New("550 no such mailbox"))}}
	b := bus.NewLocal()
	failed, stop := b.Subscribe(switchboard.TopicMessageFailed)
	defer stop()
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec}, func(c *notify.Config) { c.Changes = b })
	runOnce(t, d)
	select {
	case id := <-failed:
		if id != msgs[0].ID {
			t.Errorf("failure told of %q, want %q", id, msgs[0].ID)
		}
	default:
		t.Error("the failure was not published (the portal shows failed messages live)")
	}
	m := s.out.get(msgs[0].ID)
	if m.State != switchboard.MessageFailed || m.Attempts != 1 || m.LastError != "550 no such mailbox" {
		t.Errorf("after a permanent failure: %s, %d attempts, error %q", m.State, m.Attempts, m.LastError)
	}
	clk.Advance(24 * time.Hour)
	if runOnce(t, d); len(rec.sent()) != 1 {
		t.Errorf("a failed message was tried %d times", len(rec.sent()))
	}
	if got := counter(t, s.reg, "switchboard_notify_messages_failed_total", "email"); got != 1 {
		t.Errorf("failed counter %v, want 1", got)
	}
	if !strings.Contains(s.log.String(), "level=WARN") || !strings.Contains(s.log.String(), msgs[0].ID) {
		t.Errorf("failure not logged as a warning naming the message:\n%s", s.log)
	}
}

func TestLastAttemptMarksFailedWithLastError(t *testing.T) {
	clk := newClock()
	msgs := emails(1, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	rec := &recorder{hook: func(n int) error { return fmt.Errorf("503 gateway down (attempt %d)", n) }}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec}, func(c *notify.Config) { c.MaxAttempts = 4 })
	for range 10 {
		runOnce(t, d)
		clk.Advance(2 * time.Hour)
	}
	m := s.out.get(msgs[0].ID)
	if m.State != switchboard.MessageFailed || m.Attempts != 4 || m.LastError != "503 gateway down (attempt 4)" {
		t.Errorf("after the last attempt: %s, %d attempts, error %q", m.State, m.Attempts, m.LastError)
	}
	if n := len(rec.sent()); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
	if r, f := counter(t, s.reg, "switchboard_notify_messages_retried_total", "email"),
		counter(t, s.reg, "switchboard_notify_messages_failed_total", "email"); r != 3 || f != 1 {
		t.Errorf("counters retried %v failed %v, want 3 and 1", r, f)
	}
}

func TestOnlyChannelsWithSenderAreClaimed(t *testing.T) {
	clk := newClock()
	mail := emails(1, clk.Now())[0]
	text := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelSMS, "+4915112345678", "de", clk.Now())
	text.Text = "Passwort: abc"
	s := &setup{clk: clk, out: newOutbox(mail, text)}
	rec := &recorder{}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelSMS: rec}, nil)
	if n := runOnce(t, d); n != 1 {
		t.Fatalf("claimed %d, want only the SMS", n)
	}
	if got := s.out.get(mail.ID); got.State != switchboard.MessagePending || got.Attempts != 0 || !got.NextAttemptAt.Equal(mail.NextAttemptAt) {
		t.Errorf("e-mail without a mail sender was touched: %+v", got)
	}
	if got := s.out.get(text.ID); got.State != switchboard.MessageSent {
		t.Errorf("SMS not sent: %+v", got)
	}
}

func TestBatchIsBounded(t *testing.T) {
	clk := newClock()
	s := &setup{clk: clk, out: newOutbox(emails(45, clk.Now())...)}
	rec := &recorder{}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec}, nil)
	for i, want := range []int{20, 20, 5, 0} {
		if n := runOnce(t, d); n != want {
			t.Errorf("round %d claimed %d, want %d", i, n, want)
		}
	}
	if n := len(rec.sent()); n != 45 {
		t.Errorf("%d sent, want 45", n)
	}
}

func TestOutboxErrorIsReported(t *testing.T) {
	clk := newClock()
	s := &setup{clk: clk, out: newOutbox(emails(1, clk.Now())...)}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: &recorder{}}, nil)
	s.out.freeze(true)
	if _, err := d.RunOnce(context.Background()); err == nil {
		t.Error("an unreachable outbox was not reported")
	}
}

func TestNoSenderLeavesOutboxAlone(t *testing.T) {
	clk := newClock()
	msgs := emails(1, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	d := newDispatcher(t, s, nil, nil)
	if n := runOnce(t, d); n != 0 {
		t.Errorf("claimed %d without any sender", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	cancel()
	sbtest.Wait(t, done, 5*time.Second, "Run")
	if got := s.out.get(msgs[0].ID); got.State != switchboard.MessagePending || got.Attempts != 0 {
		t.Errorf("message touched: %+v", got)
	}
}

func TestLogsNeverShowBodies(t *testing.T) {
	clk := newClock()
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelSMS, "+4915112345678", "de", clk.Now())
	m.Text = "Ihr Passwort: Geheim-42x"
	s := &setup{clk: clk, out: newOutbox(m)}
	rec := &recorder{script: []error{errors.New("503"), nil}}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelSMS: rec}, nil)
	runOnce(t, d)
	clk.Advance(time.Hour)
	runOnce(t, d)
	if s.out.get(m.ID).State != switchboard.MessageSent {
		t.Fatal("not sent")
	}
	if strings.Contains(s.log.String(), "Geheim-42x") {
		t.Errorf("log shows the message text:\n%s", s.log)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	if _, err := notify.New(notify.Config{}); err == nil {
		t.Error("no outbox accepted")
	}
	_, err := notify.New(notify.Config{Outbox: newOutbox(), Senders: map[switchboard.Channel]notify.Sender{"fax": &recorder{}}})
	if err == nil {
		t.Error("unknown channel accepted")
	}
}

// TestRunSurvivesOutboxOutage: while the outbox cannot be reached the
// dispatcher keeps polling, and delivers once it is back.
func TestRunSurvivesOutboxOutage(t *testing.T) {
	clk := newClock()
	msgs := emails(3, clk.Now())
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	s.out.freeze(true)
	rec := &recorder{}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: rec},
		func(c *notify.Config) { c.PollInterval = 10 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	s.out.freeze(false)
	deadline := time.Now().Add(10 * time.Second)
	for len(rec.sent()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if st := s.out.get(m.ID); st.State != switchboard.MessageSent {
			t.Errorf("message %s is %s after the outage", m.ID, st.State)
		}
	}
	if !strings.Contains(s.log.String(), "outbox unreachable") {
		t.Errorf("outage not logged:\n%s", s.log)
	}
}
