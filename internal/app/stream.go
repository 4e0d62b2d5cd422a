package app

import (
	"context"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// MaxLiveStreams bounds the live event streams one principal (one token or
// session) holds open at once: a portal tab needs one, a few tabs a few,
// and each costs a bus subscription and a goroutine.
const MaxLiveStreams = 4

// Live event types.
const (
	LiveDevice  = "device"
	LiveOrder   = "order"
	LiveMessage = "message"
	// LiveMissed says notices were lost (a node lost touch with the
	// others, or the stream fell behind): the page reloads what it shows.
	LiveMissed = "missed"
)

// LiveEvent is something the portal shows as it happens: a device going
// online or offline, an order finishing (done or failed), a message that
// failed for good.
type LiveEvent struct {
	Type     string `json:"type"`
	ID       string `json:"id,omitempty"`
	Customer string `json:"customer,omitempty"`
	// State is the device's online or offline, the order's done or
	// failed, or the message's failed.
	State string    `json:"state,omitempty"`
	At    time.Time `json:"at"`
}

// liveStreams counts the open streams per principal.
type liveStreams struct {
	mu   sync.Mutex
	open map[string]int
}

// take reserves a stream for key, false when it has MaxLiveStreams.
func (l *liveStreams) take(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open == nil {
		l.open = map[string]int{}
	}
	if l.open[key] >= MaxLiveStreams {
		return false
	}
	l.open[key]++
	return true
}

// release gives back a stream of key.
func (l *liveStreams) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

// Live streams the events the caller may see until ctx ends, then closes
// the channel: the operator sees every customer's, an administrator the own
// customer's, a user only the devices of the own workplace. The events
// come from the change bus, so they cover every node sharing the store.
// ERATELIMIT when the caller has MaxLiveStreams open; EUNAVAILABLE without
// a bus.
func (s *Service) Live(ctx context.Context, p switchboard.Principal) (<-chan LiveEvent, error) {
	if s.bus == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "live events need the change bus, which this process does not run")
	}
	key := string(p.Role) + "/" + p.TokenID
	if !s.streams.take(key) {
		return nil, switchboard.Errorf(switchboard.ERATELIMIT, "at most %d live event streams may be open at once; close another page first", MaxLiveStreams)
	}
	subs := []struct {
		topic string
		ch    <-chan string
		stop  func()
	}{{topic: switchboard.TopicDeviceStatus}, {topic: switchboard.TopicOrderFinished}, {topic: switchboard.TopicMessageFailed}}
	for i := range subs {
		subs[i].ch, subs[i].stop = s.bus.Subscribe(subs[i].topic)
	}
	out := make(chan LiveEvent)
	go func() {
		defer close(out)
		defer s.streams.release(key)
		for _, sub := range subs {
			defer sub.stop()
		}
		states := map[string]string{}
		for {
			var ev *LiveEvent
			select {
			case <-ctx.Done():
				return
			case id := <-subs[0].ch:
				ev = s.deviceEvent(ctx, p, id, states)
			case id := <-subs[1].ch:
				ev = s.orderEvent(ctx, p, id)
			case id := <-subs[2].ch:
				ev = s.messageEvent(ctx, p, id)
			}
			if ev == nil {
				continue
			}
			ev.At = s.clock()
			select {
			case out <- *ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// missed is the event for a notice that stands for everything.
func missed(id string) *LiveEvent {
	if id == switchboard.All {
		return &LiveEvent{Type: LiveMissed}
	}
	return nil
}

// deviceEvent turns a status notice into an event when the caller may see
// the device and its state differs from the one this stream told last
// (a re-registration is a notice, not a change).
func (s *Service) deviceEvent(ctx context.Context, p switchboard.Principal, id string, states map[string]string) *LiveEvent {
	if ev := missed(id); ev != nil {
		clear(states)
		return ev
	}
	var d *switchboard.Device
	if s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		d, err = tx.Device(id)
		return err
	}) != nil || mayReadDevice(p, d) != nil {
		return nil
	}
	state := shownState(s.deviceStatus(id).State)
	if states[id] == state {
		return nil
	}
	states[id] = state
	return &LiveEvent{Type: LiveDevice, ID: id, Customer: d.CustomerID, State: state}
}

// orderEvent turns a finished order into an event for its customer's
// administrators and the operator.
func (s *Service) orderEvent(ctx context.Context, p switchboard.Principal, id string) *LiveEvent {
	if ev := missed(id); ev != nil {
		return ev
	}
	var o *switchboard.Order
	if s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		o, err = tx.Order(id)
		return err
	}) != nil || !p.CanAdminister(o.CustomerID) {
		return nil
	}
	return &LiveEvent{Type: LiveOrder, ID: id, Customer: o.CustomerID, State: string(o.State)}
}

// messageEvent turns a failed message into an event for its customer's
// administrators and the operator (the operator alone for a message of no
// customer).
func (s *Service) messageEvent(ctx context.Context, p switchboard.Principal, id string) *LiveEvent {
	if ev := missed(id); ev != nil {
		return ev
	}
	var m *switchboard.Message
	if s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		m, err = tx.Message(id)
		return err
	}) != nil {
		return nil
	}
	if !p.CanAdminister(m.CustomerID) || m.CustomerID == "" && p.Role != switchboard.RoleOperator {
		return nil
	}
	return &LiveEvent{Type: LiveMessage, ID: id, Customer: m.CustomerID, State: string(m.State)}
}
