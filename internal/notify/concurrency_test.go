package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
)

// overlapSender records the attempts under way at once and the order of
// each recipient's messages. Each attempt waits until bound attempts are
// under way (at most a second), so a dispatcher that makes fewer at once
// shows in max.
type overlapSender struct {
	bound int
	mu    sync.Mutex
	now   int
	max   int
	full  chan struct{}
	once  sync.Once
	order map[string][]string
}

func (s *overlapSender) Send(_ context.Context, m *switchboard.Message) error {
	s.mu.Lock()
	s.now++
	s.max = max(s.max, s.now)
	if s.now == s.bound {
		s.once.Do(func() { close(s.full) })
	}
	s.order[m.To] = append(s.order[m.To], m.Subject)
	s.mu.Unlock()
	select {
	case <-s.full:
	case <-time.After(time.Second):
	}
	s.mu.Lock()
	s.now--
	s.mu.Unlock()
	return nil
}

// TestAttemptsRunConcurrentlyOneRecipientInOrder claims a batch of two
// messages to each of six users: attempts overlap up to Concurrency and no
// further, and each user's two messages go in the order claimed.
func TestAttemptsRunConcurrentlyOneRecipientInOrder(t *testing.T) {
	const bound = 3
	clk := newClock()
	var msgs []*switchboard.Message
	for i := range 12 {
		m := switchboard.NewMessage(switchboard.MessageWelcome, switchboard.ChannelEmail,
			fmt.Sprintf("user%d@kunde.example", i%6), "de", clk.Now())
		m.Subject, m.Text = fmt.Sprint(i/6), "Hallo"
		msgs = append(msgs, m)
	}
	s := &setup{clk: clk, out: newOutbox(msgs...)}
	snd := &overlapSender{bound: bound, full: make(chan struct{}), order: map[string][]string{}}
	d := newDispatcher(t, s, map[switchboard.Channel]notify.Sender{switchboard.ChannelEmail: snd},
		func(c *notify.Config) { c.Concurrency = bound })
	if n := runOnce(t, d); n != 12 {
		t.Fatalf("claimed %d, want 12", n)
	}
	if snd.max != bound {
		t.Errorf("%d attempts at once at most, want %d", snd.max, bound)
	}
	for to, got := range snd.order {
		if len(got) != 2 || got[0] != "0" || got[1] != "1" {
			t.Errorf("%s got %v, want the first message, then the second", to, got)
		}
	}
	for _, m := range msgs {
		if st := s.out.get(m.ID); st.State != switchboard.MessageSent {
			t.Errorf("message %s is %s, want sent", m.ID, st.State)
		}
	}
}
