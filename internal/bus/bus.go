// Package bus carries change notices between the parts of one Switchboard
// node and between the nodes sharing one PostgreSQL database.
//
// A notice is a topic and an id: "device" and a device id after a device
// changed, "workplace" and a workplace id, and so on. A notice says only
// that something changed, never what: a receiver that cached something
// about the object drops it and reads the store again. Notices are
// published after the transaction that made the change has committed, so a
// receiver that reads the store on a notice sees the change.
//
// Delivery is at most once and may be late, but never reordered per
// subscriber. A subscriber that cannot keep up, or a node that lost its
// connection to PostgreSQL for a while, gets the id All on that topic
// instead of what it missed: it must then treat everything of the topic as
// changed. Receivers must therefore be idempotent and treat All correctly.
//
// Two implementations: Local, in one process (a single node, tests), and
// Postgres, over LISTEN/NOTIFY (several nodes on one database). Both
// deliver a node's own notices to its own subscribers at once, inside
// Publish, so a change a use case made is visible to that node's caches
// before the use case returns.
//
// Typical use:
//
//	ch, cancel := b.Subscribe(bus.TopicDevice)
//	defer cancel()
//	for id := range ch { cache.drop(id) } // id may be bus.All
//
//	b.Publish(ctx, bus.TopicDevice, d.ID) // after the commit
package bus

import (
	"context"
	"sync"
)

// All is the id that stands for every object of a topic: the receiver must
// drop everything it holds for the topic.
const All = "*"

// Topics of the change notices the use cases publish.
const (
	TopicDevice    = "device"
	TopicWorkplace = "workplace"
	TopicSite      = "site"
	TopicCustomer  = "customer"
)

// Bus publishes change notices and hands them to subscribers.
type Bus interface {
	// Publish tells every subscriber of topic, on this node and the
	// others, that the object id changed. It returns once this node's
	// subscribers have been handed the notice; the error says only that
	// other nodes may not have been told (they recover on their own
	// after a reconnect by receiving All).
	Publish(ctx context.Context, topic, id string) error
	// Subscribe returns a channel receiving the ids published on topic
	// from now on, and a function that ends the subscription and closes
	// the channel.
	Subscribe(topic string) (<-chan string, func())
}

// bufferSize is how many notices a subscriber may lag behind before its
// backlog is replaced by All.
const bufferSize = 256

// hub is the in-process fan-out both implementations deliver through.
type hub struct {
	mu   sync.Mutex
	subs map[string]map[*subscriber]struct{}
}

// subscriber is one Subscribe call.
type subscriber struct{ ch chan string }

func newHub() *hub { return &hub{subs: map[string]map[*subscriber]struct{}{}} }

// deliver hands id to every subscriber of topic without blocking. When a
// subscriber's buffer is full, its oldest notices are dropped and All is
// queued instead: it loses detail, never a change.
func (h *hub) deliver(topic, id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[topic] {
		send(s, id)
	}
}

// deliverAll hands All to every subscriber of every topic, after notices
// may have been missed.
func (h *hub) deliverAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, subs := range h.subs {
		for s := range subs {
			send(s, All)
		}
	}
}

// send queues id for s; the hub's lock is held, so no one else sends to
// s meanwhile. A full buffer is drained and replaced by All.
func send(s *subscriber, id string) {
	select {
	case s.ch <- id:
		return
	default:
	}
	for drained := false; !drained; {
		select {
		case <-s.ch:
		default:
			drained = true
		}
	}
	s.ch <- All
}

func (h *hub) subscribe(topic string) (<-chan string, func()) {
	s := &subscriber{ch: make(chan string, bufferSize)}
	h.mu.Lock()
	if h.subs[topic] == nil {
		h.subs[topic] = map[*subscriber]struct{}{}
	}
	h.subs[topic][s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[topic], s)
			close(s.ch)
			h.mu.Unlock()
		})
	}
}

// Local is a Bus within one process.
type Local struct{ h *hub }

// NewLocal returns an in-process bus.
func NewLocal() *Local { return &Local{h: newHub()} }

// Publish hands the notice to this process's subscribers; it never fails.
func (l *Local) Publish(_ context.Context, topic, id string) error {
	l.h.deliver(topic, id)
	return nil
}

// Subscribe implements Bus.
func (l *Local) Subscribe(topic string) (<-chan string, func()) { return l.h.subscribe(topic) }
