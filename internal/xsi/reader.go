package xsi

import (
	"context"
	"log/slog"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// readBatch is how many events one store read returns.
const readBatch = 200

// reader reads the call events of the customers with subscriptions from
// the store, where every node writes them, and hands them to the
// subscriptions: a channel on this node sees the calls and settings
// changed on any node.
type reader struct {
	hb *hub

	mu sync.Mutex
	// cursors is, per customer, the last event read.
	cursors map[string]int64
	// known are the settings each workplace had after the last event
	// read, to tell which services a change changed.
	known map[string]*switchboard.CallSettings
	// names are the usernames of workplaces, the targetId of events of
	// whole customers' subscriptions.
	names map[string]string
}

func newReader(hb *hub) *reader {
	return &reader{hb: hb, cursors: map[string]int64{}, known: map[string]*switchboard.CallSettings{}, names: map[string]string{}}
}

// watch starts reading the customer's events from now on.
func (r *reader) watch(ctx context.Context, customerID string) error {
	r.mu.Lock()
	_, ok := r.cursors[customerID]
	r.mu.Unlock()
	if ok {
		return nil
	}
	seq, err := r.hb.svc.LastCallEventSeq(ctx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	if _, ok := r.cursors[customerID]; !ok {
		r.cursors[customerID] = seq
	}
	r.mu.Unlock()
	return nil
}

// remember records a workplace's settings as known, from the first event
// of a new subscription.
func (r *reader) remember(workplaceID string, s *switchboard.CallSettings) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.known[workplaceID]; !ok {
		r.known[workplaceID] = s
	}
}

// read reads what is new of the customer id, or of every watched
// customer for switchboard.All.
func (r *reader) read(id string) {
	r.mu.Lock()
	var customers []string
	for c := range r.cursors {
		if id == switchboard.All || id == c {
			customers = append(customers, c)
		}
	}
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, c := range customers {
		r.readCustomer(ctx, c)
	}
}

// readCustomer hands the customer's new events to the subscriptions.
func (r *reader) readCustomer(ctx context.Context, customerID string) {
	for {
		r.mu.Lock()
		after := r.cursors[customerID]
		r.mu.Unlock()
		events, err := r.hb.svc.CallEventsAfter(ctx, switchboard.System, customerID, after, readBatch)
		if err != nil {
			r.hb.log.Warn("xsi: reading call events", slog.String("customer", customerID), slog.String("error", err.Error()))
			return
		}
		for _, e := range events {
			r.dispatch(ctx, e)
			r.mu.Lock()
			r.cursors[customerID] = e.Seq
			r.mu.Unlock()
		}
		if len(events) < readBatch {
			return
		}
	}
}

// dispatch publishes e to every subscription it concerns.
func (r *reader) dispatch(ctx context.Context, e *switchboard.CallEvent) {
	name := r.name(ctx, e.WorkplaceID)
	r.mu.Lock()
	prev := r.known[e.WorkplaceID]
	if e.Settings != nil {
		r.known[e.WorkplaceID] = e.Settings
	}
	r.mu.Unlock()
	hb := r.hb
	hb.mu.Lock()
	defer hb.mu.Unlock()
	for _, sub := range hb.concerned(e.CustomerID, e.WorkplaceID) {
		data := eventData(sub.pkg, e, prev)
		if data == nil {
			continue
		}
		target := sub.targetID
		if sub.workplaceID == "" {
			target = name
		}
		hb.publish(sub, target, data)
	}
}

// name returns the workplace's username, or its id when it cannot be
// read (a deleted workplace).
func (r *reader) name(ctx context.Context, workplaceID string) string {
	r.mu.Lock()
	n, ok := r.names[workplaceID]
	r.mu.Unlock()
	if ok {
		return n
	}
	u, err := r.hb.svc.CTIUserOf(ctx, switchboard.System, workplaceID)
	if err != nil {
		return workplaceID
	}
	r.mu.Lock()
	r.names[workplaceID] = u.Workplace.Username
	r.mu.Unlock()
	return u.Workplace.Username
}
