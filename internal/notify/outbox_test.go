package notify_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// memOutbox is an in-memory switchboard.Outbox with the semantics the
// stores must have; the real ones come with internal/store.
type memOutbox struct {
	mu     sync.Mutex
	msgs   map[string]*switchboard.Message
	order  []string
	frozen bool // every call fails, as when the process or database is gone
}

func newOutbox(msgs ...*switchboard.Message) *memOutbox {
	o := &memOutbox{msgs: map[string]*switchboard.Message{}}
	for _, m := range msgs {
		o.add(m)
	}
	return o
}

func (o *memOutbox) add(m *switchboard.Message) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c := *m
	o.msgs[m.ID] = &c
	o.order = append(o.order, m.ID)
}

// freeze makes every later call fail.
func (o *memOutbox) freeze(v bool) {
	o.mu.Lock()
	o.frozen = v
	o.mu.Unlock()
}

func (o *memOutbox) get(id string) switchboard.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.msgs[id]
}

func (o *memOutbox) check(ctx context.Context) error {
	if o.frozen {
		return errors.New("outbox unreachable")
	}
	return ctx.Err()
}

func (o *memOutbox) Claim(ctx context.Context, c switchboard.OutboxClaim) ([]*switchboard.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.check(ctx); err != nil {
		return nil, err
	}
	var due []*switchboard.Message
	for _, id := range o.order {
		m := o.msgs[id]
		if m.State == switchboard.MessagePending && !m.NextAttemptAt.After(c.Now) && slices.Contains(c.Channels, m.Channel) {
			due = append(due, m)
		}
	}
	slices.SortStableFunc(due, func(a, b *switchboard.Message) int { return a.NextAttemptAt.Compare(b.NextAttemptAt) })
	if len(due) > c.Limit {
		due = due[:c.Limit]
	}
	out := make([]*switchboard.Message, len(due))
	for i, m := range due {
		m.NextAttemptAt = c.Until
		cp := *m
		out[i] = &cp
	}
	return out, nil
}

func (o *memOutbox) update(ctx context.Context, id string, fn func(m *switchboard.Message)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.check(ctx); err != nil {
		return err
	}
	m, ok := o.msgs[id]
	if !ok {
		return switchboard.Errorf(switchboard.ENOTFOUND, "message %s not found", id)
	}
	if m.State != switchboard.MessagePending {
		return switchboard.Errorf(switchboard.ECONFLICT, "message %s is %s, not pending", id, m.State)
	}
	fn(m)
	return nil
}

func (o *memOutbox) MarkSent(ctx context.Context, id string, at time.Time) error {
	return o.update(ctx, id, func(m *switchboard.Message) {
		m.State, m.SentAt, m.LastError = switchboard.MessageSent, at, ""
		m.Attempts++
	})
}

func (o *memOutbox) MarkRetry(ctx context.Context, id string, next time.Time, errText string) error {
	return o.update(ctx, id, func(m *switchboard.Message) {
		m.NextAttemptAt, m.LastError = next, errText
		m.Attempts++
	})
}

func (o *memOutbox) MarkFailed(ctx context.Context, id string, errText string) error {
	return o.update(ctx, id, func(m *switchboard.Message) {
		m.State, m.LastError = switchboard.MessageFailed, errText
		m.Attempts++
	})
}

func (o *memOutbox) Release(ctx context.Context, id string, at time.Time) error {
	return o.update(ctx, id, func(m *switchboard.Message) { m.NextAttemptAt = at })
}

// newClock is the dispatcher's clock, set to a fixed morning.
func newClock() *sbtest.Clock { return sbtest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)) }

// emails returns n pending e-mail messages created at now.
func emails(n int, now time.Time) []*switchboard.Message {
	out := make([]*switchboard.Message, n)
	for i := range out {
		m := switchboard.NewMessage(switchboard.MessageWelcome, switchboard.ChannelEmail,
			fmt.Sprintf("user%d@kunde.example", i), "de", now)
		m.Subject, m.Text, m.HTML = fmt.Sprintf("Willkommen %d", i), "Hallo", "<p>Hallo</p>"
		out[i] = m
	}
	return out
}

// counter reads a notify counter for one channel from reg.
func counter(t *testing.T, reg *prometheus.Registry, name, channel string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "channel" && l.GetValue() == channel {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
