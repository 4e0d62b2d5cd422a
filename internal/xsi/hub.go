package xsi

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Limits of the event channels.
const (
	// defaultExpires is the lifetime of a channel or subscription whose
	// client asks for none; maxExpires the longest one granted.
	defaultExpires = 3600
	maxExpires     = 86400
	// channelQueue is how many events may wait for a slow channel; a
	// channel that falls further behind is ended as non-responsive and
	// its events go to another channel of its set.
	channelQueue = 256
	// maxUnacked caps the events a channel set keeps for their
	// acknowledgement; the oldest are dropped above it.
	maxUnacked = 1000
	// maxChannels caps the open channels of one account on a node: a CTI
	// server needs a few per channel set, a runaway client no more.
	maxChannels = 100
)

// hub keeps this node's channel sets, channels and subscriptions. A
// channel set belongs to the principal who opened it; its subscriptions'
// events go to one of its channels and are kept until the client
// acknowledges them, to be sent again on another channel of the set when
// theirs ends.
type hub struct {
	svc    Service
	log    *slog.Logger
	bus    switchboard.Bus
	done   <-chan struct{}
	now    func() time.Time
	reader *reader

	mu       sync.Mutex
	sets     map[string]*channelSet
	channels map[string]*channel
	subs     map[string]*subscription
	// made counts the subscriptions made, for their order.
	made int64
}

// channelSet is the channels one client opened under one channelSetId,
// and their subscriptions.
type channelSet struct {
	key       string
	principal switchboard.Principal
	// login is the username the client authenticated with, each event's
	// userId.
	login    string
	channels []*channel
	subs     map[string]*subscription
	unacked  []*pending
}

// channel is one open event stream.
type channel struct {
	id       string
	set      *channelSet
	priority int
	weight   int
	expires  time.Time
	out      chan []byte
	quit     chan struct{}
	closed   bool
}

// subscription is a subscription to one event package for one user
// (workplaceID set) or every user of a customer.
type subscription struct {
	id string
	// n orders subscriptions by creation: one change's events go out
	// in that order.
	n           int64
	set         *channelSet
	pkg         string
	customerID  string
	workplaceID string
	targetID    string
	appID       string
	expires     time.Time
	seq         int
}

// pending is an event sent and not yet acknowledged.
type pending struct {
	id   string
	sub  *subscription
	seq  int
	tgt  string
	data *element
	on   *channel
}

func newHub(svc Service, o Options, log *slog.Logger) *hub {
	hb := &hub{svc: svc, log: log, bus: o.Bus, done: o.Done, now: o.Now,
		sets: map[string]*channelSet{}, channels: map[string]*channel{}, subs: map[string]*subscription{}}
	if hb.now == nil {
		hb.now = time.Now
	}
	hb.reader = newReader(hb)
	return hb
}

// newID is a random identifier in the form of a UUID, as Xsi's ids are.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// lifetime turns a requested expiry in seconds into the granted one.
func lifetime(seconds int) int {
	switch {
	case seconds <= 0:
		return defaultExpires
	case seconds > maxExpires:
		return maxExpires
	}
	return seconds
}

// open adds a channel to the principal's set setID, making the set when
// it is new; ERATELIMIT when the principal has maxChannels open.
func (hb *hub) open(p switchboard.Principal, login, setID string, priority, weight, expires int) (*channel, error) {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	open := 0
	for _, ch := range hb.channels {
		if ch.set.principal.TokenID == p.TokenID {
			open++
		}
	}
	if open >= maxChannels {
		return nil, switchboard.Errorf(switchboard.ERATELIMIT, "at most %d event channels may be open at once", maxChannels)
	}
	key := p.TokenID + " " + setID
	set := hb.sets[key]
	if set == nil {
		set = &channelSet{key: key, principal: p, login: login, subs: map[string]*subscription{}}
		hb.sets[key] = set
	}
	ch := &channel{id: newID(), set: set, priority: priority, weight: weight,
		expires: hb.now().Add(time.Duration(expires) * time.Second),
		out:     make(chan []byte, channelQueue), quit: make(chan struct{})}
	set.channels = append(set.channels, ch)
	hb.channels[ch.id] = ch
	return ch, nil
}

// channelOf returns the principal's channel id, nil when p has none such.
func (hb *hub) channelOf(p switchboard.Principal, id string) *channel {
	ch := hb.channels[id]
	if ch == nil || ch.set.principal.TokenID != p.TokenID {
		return nil
	}
	return ch
}

// end ends a channel: reason, when set, is written to it as a
// ChannelTerminatedEvent. Its unacknowledged events go to another channel
// of the set; a set left without channels ends with its subscriptions.
// The caller holds hb.mu.
func (hb *hub) end(ch *channel, reason string) {
	if ch.closed {
		return
	}
	ch.closed = true
	if reason != "" {
		select {
		case ch.out <- channelTerminated(ch.id, reason):
		default:
		}
	}
	close(ch.quit)
	delete(hb.channels, ch.id)
	set := ch.set
	for i, c := range set.channels {
		if c == ch {
			set.channels = append(set.channels[:i], set.channels[i+1:]...)
			break
		}
	}
	if len(set.channels) == 0 {
		for id := range set.subs {
			delete(hb.subs, id)
		}
		delete(hb.sets, set.key)
		return
	}
	for _, ev := range set.unacked {
		if ev.on == ch {
			hb.send(set, ev)
		}
	}
}

// pick chooses the channel of the set that gets the next event: the
// highest priority (lowest number), then the highest weight.
func pick(set *channelSet) *channel {
	if len(set.channels) == 0 {
		return nil
	}
	chs := append([]*channel(nil), set.channels...)
	sort.SliceStable(chs, func(i, j int) bool {
		if chs[i].priority != chs[j].priority {
			return chs[i].priority < chs[j].priority
		}
		return chs[i].weight > chs[j].weight
	})
	return chs[0]
}

// send writes ev to a channel of the set; a channel too far behind is
// ended and the event goes to the next. The caller holds hb.mu.
func (hb *hub) send(set *channelSet, ev *pending) {
	for {
		ch := pick(set)
		if ch == nil {
			return
		}
		ev.on = ch
		body := subscriptionEvent(envelope{eventID: ev.id, sequenceNumber: ev.seq, userID: set.login,
			applicationID: ev.sub.appID, subscriptionID: ev.sub.id, channelID: ch.id, targetID: ev.tgt}, ev.data)
		select {
		case ch.out <- body:
			return
		default:
			hb.log.Warn("xsi: channel too slow, ending it", slog.String("channel", ch.id))
			hb.end(ch, "NonResponsiveChannel")
		}
	}
}

// add makes sub one of the set's subscriptions. The caller holds hb.mu.
func (hb *hub) add(set *channelSet, sub *subscription) {
	hb.made++
	sub.set, sub.n = set, hb.made
	set.subs[sub.id] = sub
	hb.subs[sub.id] = sub
}

// concerned lists the subscriptions an event of the workplace of the
// customer goes to, oldest first. The caller holds hb.mu.
func (hb *hub) concerned(customerID, workplaceID string) []*subscription {
	var out []*subscription
	for _, sub := range hb.subs {
		if sub.customerID == customerID && (sub.workplaceID == "" || sub.workplaceID == workplaceID) {
			out = append(out, sub)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	return out
}

// publish sends a new event of the subscription and keeps it until it is
// acknowledged. The caller holds hb.mu.
func (hb *hub) publish(sub *subscription, target string, data *element) {
	if hb.subs[sub.id] != sub {
		return
	}
	sub.seq++
	ev := &pending{id: newID(), sub: sub, seq: sub.seq, tgt: target, data: data}
	set := sub.set
	set.unacked = append(set.unacked, ev)
	if len(set.unacked) > maxUnacked {
		set.unacked = set.unacked[len(set.unacked)-maxUnacked:]
	}
	hb.send(set, ev)
}

// ack drops the principal's event id from the events kept for sending
// again; false when p has no such event.
func (hb *hub) ack(p switchboard.Principal, id string) bool {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	for _, set := range hb.sets {
		if set.principal.TokenID != p.TokenID {
			continue
		}
		for i, ev := range set.unacked {
			if ev.id == id {
				set.unacked = append(set.unacked[:i], set.unacked[i+1:]...)
				return true
			}
		}
	}
	return false
}

// expire ends the channels and subscriptions whose time is up.
func (hb *hub) expire() {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	now := hb.now()
	for _, sub := range hb.subs {
		if !now.Before(sub.expires) {
			hb.publish(sub, sub.targetID, subscriptionTerminatedData())
			delete(sub.set.subs, sub.id)
			delete(hb.subs, sub.id)
		}
	}
	for _, ch := range hb.channels {
		if !now.Before(ch.expires) {
			hb.end(ch, "Expired")
		}
	}
}

// shutdown ends every channel, when the server stops.
func (hb *hub) shutdown() {
	hb.mu.Lock()
	defer hb.mu.Unlock()
	for _, ch := range hb.channels {
		hb.end(ch, "")
	}
}

// run reads events and expires channels until done is closed.
func (hb *hub) run() {
	var wake <-chan string
	if hb.bus != nil {
		ch, stop := hb.bus.Subscribe(switchboard.TopicCall)
		defer stop()
		wake = ch
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for n := 1; ; n++ {
		select {
		case <-hb.done:
			hb.shutdown()
			return
		case id, ok := <-wake:
			if !ok {
				wake = nil
				continue
			}
			hb.reader.read(id)
		case <-tick.C:
			hb.expire()
			// Without a bus, or in case a notice was lost, look anyway.
			if wake == nil || n%10 == 0 {
				hb.reader.read(switchboard.All)
			}
		}
	}
}
