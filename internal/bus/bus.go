// Package bus is the in-process implementation of switchboard.Bus: the
// fan-out to one node's subscribers, used alone by a single node and by
// tests, and under the PostgreSQL bus (package pgbus) by several nodes.
//
// A subscriber that cannot keep up gets switchboard.All on the topic
// instead of what it missed.
//
// Typical use:
//
//	ch, cancel := b.Subscribe(switchboard.TopicDevice)
//	defer cancel()
//	for id := range ch { cache.drop(id) } // id may be switchboard.All
//
//	b.Publish(ctx, switchboard.TopicDevice, d.ID) // after the commit
package bus

import (
	"context"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// bufferSize is how many notices a subscriber may lag behind before its
// backlog is replaced by All.
const bufferSize = 256

// Local is a switchboard.Bus within one process.
type Local struct {
	mu   sync.Mutex
	subs map[string]map[*subscriber]struct{}
}

// subscriber is one Subscribe call.
type subscriber struct{ ch chan string }

// NewLocal returns an in-process bus.
func NewLocal() *Local { return &Local{subs: map[string]map[*subscriber]struct{}{}} }

// Publish hands id to every subscriber of topic without blocking; it never
// fails. When a subscriber's buffer is full, its oldest notices are
// dropped and All is queued instead: it loses detail, never a change.
func (l *Local) Publish(_ context.Context, topic, id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s := range l.subs[topic] {
		send(s, id)
	}
	return nil
}

// Missed hands All to every subscriber of every topic: a bus spanning
// nodes calls it when notices from the others may have been lost.
func (l *Local) Missed() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, subs := range l.subs {
		for s := range subs {
			send(s, switchboard.All)
		}
	}
}

// send queues id for s; the bus's lock is held, so no one else sends to
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
	s.ch <- switchboard.All
}

// Subscribe implements switchboard.Bus.
func (l *Local) Subscribe(topic string) (<-chan string, func()) {
	s := &subscriber{ch: make(chan string, bufferSize)}
	l.mu.Lock()
	if l.subs[topic] == nil {
		l.subs[topic] = map[*subscriber]struct{}{}
	}
	l.subs[topic][s] = struct{}{}
	l.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs[topic], s)
			close(s.ch)
			l.mu.Unlock()
		})
	}
}
