package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// storeAccounts is the registrar's account source: a device's own SIP
// account, with HA1 for its customer's SIP domain and its site's
// encryption rule. The registrar caches what it returns.
type storeAccounts struct {
	store switchboard.Store
	// domain is the realm of customers without a SIP domain of their own.
	domain string
}

// Account looks a device up by its SIP auth name.
func (a *storeAccounts) Account(ctx context.Context, username string) (*sip.Account, error) {
	var acct *sip.Account
	err := a.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := deviceByAuthName(tx, username)
		if err != nil {
			return err
		}
		c, err := tx.Customer(d.CustomerID)
		if err != nil {
			return fmt.Errorf("customer of device %s: %w", d.ID, err)
		}
		acct = &sip.Account{Username: username, AOR: d.SIP.Username, DeviceID: d.ID, CustomerID: d.CustomerID, Realm: c.SIPDomain}
		if acct.Realm == "" {
			acct.Realm = a.domain
		}
		if d.WorkplaceID != "" {
			w, err := tx.Workplace(d.WorkplaceID)
			if err != nil {
				return fmt.Errorf("workplace of device %s: %w", d.ID, err)
			}
			site, err := tx.Site(w.SiteID)
			if err != nil {
				return fmt.Errorf("site of device %s: %w", d.ID, err)
			}
			acct.Encryption = site.Encryption
		}
		acct.SetPassword(d.SIP.Password)
		return nil
	})
	return acct, err
}

// Password returns the device's SIP password, for a phone challenging our
// NOTIFY.
func (a *storeAccounts) Password(ctx context.Context, username string) (string, error) {
	var pw string
	err := a.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := deviceByAuthName(tx, username)
		if err == nil {
			pw = d.SIP.Password
		}
		return err
	})
	return pw, err
}

// deviceByAuthName finds the device whose SIP auth name is username. The
// store indexes the SIP username, which the use cases make the auth name
// too; a device whose auth name differs is not found by its username.
func deviceByAuthName(tx switchboard.Tx, username string) (*switchboard.Device, error) {
	d, err := tx.DeviceBySIPUsername(username)
	if err != nil {
		return nil, err
	}
	if d.SIP.AuthName != "" && d.SIP.AuthName != username {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no SIP account %q", username)
	}
	return d, nil
}

// bindingPersister writes the registrar's bindings to the store, one
// transaction per batch.
type bindingPersister struct {
	store switchboard.Store
	node  string
}

// SaveBindings writes each device's bindings under this node's name.
func (p *bindingPersister) SaveBindings(ctx context.Context, batch []sip.DeviceBindings) error {
	now := time.Now().UnixMilli()
	recs := make([]*switchboard.Registration, 0, len(batch))
	for _, db := range batch {
		data, err := json.Marshal(db)
		if err != nil {
			return fmt.Errorf("encode bindings of device %s: %w", db.DeviceID, err)
		}
		var exp int64
		for _, b := range db.Bindings {
			exp = max(exp, b.Expires.UnixMilli())
		}
		recs = append(recs, &switchboard.Registration{DeviceID: db.DeviceID, Node: p.node, Data: data, ExpiresAtMillis: exp, UpdatedAtMillis: now})
	}
	return p.store.Update(ctx, func(tx switchboard.Tx) error { return tx.SaveRegistrations(recs) })
}

// loadBindings restores the bindings this node persisted that have not
// expired, so a restart keeps registrations.
func loadBindings(ctx context.Context, store switchboard.Store, node string, srv *sip.Server) error {
	now := time.Now()
	var all []sip.Binding
	after := ""
	for {
		var page []*switchboard.Registration
		err := store.View(ctx, func(tx switchboard.Tx) error {
			var err error
			page, err = tx.Registrations(node, now.UnixMilli(), after, switchboard.MaxPageSize)
			return err
		})
		if err != nil {
			return fmt.Errorf("load SIP bindings: %w", err)
		}
		for _, r := range page {
			var db sip.DeviceBindings
			if err := json.Unmarshal(r.Data, &db); err != nil {
				return fmt.Errorf("load SIP bindings of device %s: %w", r.DeviceID, err)
			}
			all = append(all, db.Bindings...)
		}
		if len(page) < switchboard.MaxPageSize {
			break
		}
		after = page[len(page)-1].DeviceID
	}
	srv.Load(all)
	return nil
}

// statusWorkers handle status changes (bus notice, pending action) at
// once; statusQueue bounds the changes waiting for them. A boot storm
// brings a change per phone: past the bound a change is dropped (and its
// pending action waits for the device's next fetch) rather than stalling
// the registrar's event delivery.
const (
	statusWorkers = 16
	statusQueue   = 20000
)

// statusChange is a device's registration status change to handle.
type statusChange struct {
	device string
	online bool
	// notice says whether to tell the other nodes (a status change) or
	// only to deliver the pending action (another node asked).
	notice bool
}

// onStatus queues a status change; it runs on the registrar's event
// goroutine, so the work is done by the status workers.
func (r *registrar) onStatus(e sip.StatusEvent) {
	r.enqueue(statusChange{device: e.DeviceID, online: e.Status.Online, notice: true})
}

func (r *registrar) enqueue(c statusChange) {
	select {
	case r.changesQ <- c:
	default:
		r.dropped.Add(1)
	}
}

// handleStatus publishes status changes on the bus for the portal and
// delivers the pending action of devices that came online, until ctx ends.
func (r *registrar) handleStatus(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-r.changesQ:
			if n := r.dropped.Swap(0); n > 0 {
				r.log.Warn("SIP status changes not handled: too many at once; pending actions wait for the devices' next fetch", "dropped", n)
			}
			r.handle(ctx, c)
		}
	}
}

func (r *registrar) handle(ctx context.Context, c statusChange) {
	if b := r.changes.Load(); b != nil && c.notice {
		pctx, cancel := context.WithTimeout(ctx, storeTimeout)
		if err := (*b).Publish(pctx, topicSIPStatus, c.device); err != nil {
			r.log.Warn("status change not told to other nodes", "device", c.device, "err", err)
		}
		cancel()
	}
	if !c.online {
		return
	}
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := r.svc.DeliverPending(dctx, c.device); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		r.log.Warn("pending device action not delivered", "device", c.device, "err", err)
	}
}

// followActions carries out actions other nodes' APIs asked for, for the
// devices whose bindings this node holds.
func (r *registrar) followActions(ctx context.Context) {
	b := r.changes.Load()
	if b == nil {
		return
	}
	ch, cancel := (*b).Subscribe(topicSIPAction)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-ch:
			if id == bus.All {
				r.log.Warn("missed action requests from other nodes; they are delivered at the devices' next fetch or registration")
				continue
			}
			if srv := r.srv.Load(); srv != nil && len(srv.Bindings(id)) > 0 {
				r.enqueue(statusChange{device: id, online: true})
			}
		}
	}
}

// followChanges drops cached SIP accounts when any node changed what they
// are made of: a device (its account), a site (encryption) or a customer
// (SIP domain). This node's use cases drop them directly too; the notices
// matter for the other nodes.
func (r *registrar) followChanges(ctx context.Context) {
	b := r.changes.Load()
	if b == nil {
		return
	}
	devices, stopDevices := (*b).Subscribe(bus.TopicDevice)
	defer stopDevices()
	sites, stopSites := (*b).Subscribe(bus.TopicSite)
	defer stopSites()
	customers, stopCustomers := (*b).Subscribe(bus.TopicCustomer)
	defer stopCustomers()
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-devices:
			r.deviceChanged(ctx, id)
		case <-sites:
			r.InvalidateAll()
		case <-customers:
			r.InvalidateAll()
		}
	}
}

// deviceChanged drops the cached account of a changed device, or every
// account when the device is gone (its auth name is no longer known).
func (r *registrar) deviceChanged(ctx context.Context, id string) {
	if id == bus.All {
		r.InvalidateAll()
		return
	}
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	var auth string
	err := r.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := tx.Device(id)
		if err == nil {
			auth = d.SIP.AuthName
		}
		return err
	})
	if err != nil || auth == "" {
		r.InvalidateAll()
		return
	}
	r.Invalidate(auth)
}

// securityLog writes the registrar's security events to the event log in
// batches, so an attack costs one write per second, not one per packet.
type securityLog struct {
	store   switchboard.Store
	log     *slog.Logger
	mu      sync.Mutex
	pending []sip.SecurityEvent
	dropped int
}

// maxPendingSecurity bounds the events waiting for the next batch.
const maxPendingSecurity = 1000

func newSecurityLog(store switchboard.Store, log *slog.Logger) *securityLog {
	return &securityLog{store: store, log: log}
}

// add queues an event; past the bound it is counted and dropped (the
// registrar has logged it already).
func (l *securityLog) add(e sip.SecurityEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.pending) >= maxPendingSecurity {
		l.dropped++
		return
	}
	l.pending = append(l.pending, e)
}

func (l *securityLog) run(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.flush(ctx)
		}
	}
}

// flush writes the queued events in one transaction.
func (l *securityLog) flush(ctx context.Context) {
	l.mu.Lock()
	batch, dropped := l.pending, l.dropped
	l.pending, l.dropped = nil, 0
	l.mu.Unlock()
	if dropped > 0 {
		l.log.Warn("SIP security events not recorded: too many at once", "dropped", dropped)
	}
	if len(batch) == 0 {
		return
	}
	err := l.store.Update(ctx, func(tx switchboard.Tx) error {
		for _, e := range batch {
			at := e.At.UTC().Truncate(time.Microsecond)
			err := tx.AddEvent(&switchboard.Event{
				ID: switchboard.NewID("evt", at), Kind: switchboard.EventSecurity, Actor: "sip",
				Action: "sip." + e.Kind, Object: e.Username, Detail: e.Detail, IP: e.Source, At: at,
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		l.log.Error("SIP security events not recorded", "events", len(batch), "err", err)
	}
}

// registerSIPMetrics exposes the registrar's counters to Prometheus.
func registerSIPMetrics(reg prometheus.Registerer, srv *sip.Server) error {
	if reg == nil {
		return nil
	}
	counters := []struct {
		name, help string
		get        func(sip.Stats) uint64
	}{
		{"requests_total", "SIP requests received.", func(s sip.Stats) uint64 { return s.Requests }},
		{"dropped_total", "SIP requests dropped because the workers were saturated (UDP).", func(s sip.Stats) uint64 { return s.Dropped }},
		{"challenges_total", "REGISTERs answered 401.", func(s sip.Stats) uint64 { return s.Challenges }},
		{"registered_total", "REGISTERs answered 200.", func(s sip.Stats) uint64 { return s.Registered }},
		{"auth_failures_total", "REGISTERs with wrong credentials.", func(s sip.Stats) uint64 { return s.AuthFailures }},
		{"replays_total", "REGISTERs reusing a nonce count.", func(s sip.Stats) uint64 { return s.Replays }},
		{"refused_connections_total", "Stream connections refused by the connection limits.", func(s sip.Stats) uint64 { return s.RefusedConnections }},
		{"events_dropped_total", "Status and security events lost because their consumer lagged.", func(s sip.Stats) uint64 { return s.EventsDropped }},
	}
	for _, c := range counters {
		get := c.get
		f := prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "switchboard", Subsystem: "sip", Name: c.name, Help: c.help},
			func() float64 { return float64(get(srv.Stats())) })
		if err := reg.Register(f); err != nil {
			return fmt.Errorf("register SIP metrics: %w", err)
		}
	}
	return nil
}
