// Package registrar makes this node's SIP server (internal/sip) the
// registrar the use cases and the other nodes see: it is named for that
// role, the one switchboard.Registrar of a node. Around the *sip.Server it
// keeps what needs the store and the bus rather than sockets:
//
//   - status answered from this node's bindings or, when this node holds
//     none, from the registration another node persisted;
//   - NOTIFY routed across nodes: a device registered on another node is
//     asked for over the bus (topic sip.action), and that node sends it;
//   - the bindings persisted (JSON in switchboard.Registration) and loaded
//     again at start;
//   - cached accounts dropped on change notices from any node;
//   - security events written to the event log in batches;
//   - status changes told to the other nodes (topic sip.status), and the
//     devices whose pending action is due handed to the use cases through
//     Due, so this package never calls them;
//   - the SIP counters for Prometheus.
//
// Wiring: build the account source (app.SIPAccounts), then New, then give
// the Registrar to app.New as Options.Registrar; run Run with the open
// listeners and app.Service.RunPending with Due.
package registrar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// Bus topics of the SIP side. A notice on TopicAction asks the node holding
// the device's registration to send its pending action; one on TopicStatus
// tells that a device's registration status changed (for the portal and
// CTI).
const (
	TopicAction = "sip.action"
	TopicStatus = switchboard.TopicDeviceStatus
)

// Options configure a Registrar. Store, Bus and Catalogue are required.
type Options struct {
	// SIP configures the server; SIP.Accounts and SIP.Secret are required.
	// Persister, OnStatus and OnSecurity are the Registrar's own and are
	// overwritten.
	SIP       sip.Options
	Store     switchboard.Store
	Bus       switchboard.Bus
	Catalogue switchboard.Catalogue
	// Node names this node in persisted registrations; it must differ
	// between the nodes sharing a store and stay the same across restarts.
	Node string
	// Registerer receives the SIP counters; nil registers none.
	Registerer prometheus.Registerer
	// OnSighting, when set, learns of each current binding of a device
	// whose registration changed, for the fraud signal. It runs on the
	// server's event goroutine and must not block.
	OnSighting func(switchboard.Sighting)
}

// Registrar is the node's switchboard.Registrar. It answers from the
// persisted registrations alone until Run serves.
type Registrar struct {
	srv     *sip.Server
	serving atomic.Bool
	store   switchboard.Store
	bus     switchboard.Bus
	cat     switchboard.Catalogue
	node    string
	log     *slog.Logger
	sec     *securityLog
	// notices holds status changes for the status workers to publish; due
	// the devices whose pending action is to be delivered. dropped counts
	// what was lost to a full queue.
	notices chan string
	due     chan string
	dropped atomic.Int64
	// sighting is Options.OnSighting.
	sighting func(switchboard.Sighting)
}

// storeTimeout bounds a store read or a notice on behalf of the SIP side.
const storeTimeout = 5 * time.Second

// New prepares the server, restores the bindings this node persisted that
// have not expired and registers the counters; nothing listens until Run.
func New(ctx context.Context, o Options) (*Registrar, error) {
	if o.Store == nil || o.Bus == nil || o.Catalogue == nil {
		return nil, errors.New("registrar: Store, Bus and Catalogue are required")
	}
	if o.SIP.Logger == nil {
		o.SIP.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Registrar{store: o.Store, bus: o.Bus, cat: o.Catalogue, node: o.Node, log: o.SIP.Logger,
		sec: newSecurityLog(o.Store, o.SIP.Logger), notices: make(chan string, queueSize), due: make(chan string, queueSize),
		sighting: o.OnSighting}
	o.SIP.Persister = &persister{store: o.Store, node: o.Node}
	o.SIP.OnStatus = r.onStatus
	o.SIP.OnSecurity = r.sec.add
	srv, err := sip.NewServer(o.SIP)
	if err != nil {
		return nil, err
	}
	r.srv = srv
	if err := r.loadBindings(ctx); err != nil {
		return nil, err
	}
	if err := registerMetrics(o.Registerer, srv); err != nil {
		return nil, err
	}
	sip.QuietDefaultLogger(o.SIP.Logger)
	return r, nil
}

// server returns the SIP server while it serves, nil otherwise.
func (r *Registrar) server() *sip.Server {
	if r.serving.Load() {
		return r.srv
	}
	return nil
}

// Status answers from this node's location service, or from the persisted
// registration when this node holds no binding of the device. While this
// node serves, a record it wrote itself is never newer than its memory
// (bindings are persisted behind): a binding it just dropped stays gone.
func (r *Registrar) Status(deviceID string) switchboard.DeviceStatus {
	return r.Statuses([]string{deviceID})[0]
}

// Statuses is Status for many devices, with the persisted registrations
// of those this node holds no binding of read in one transaction.
func (r *Registrar) Statuses(deviceIDs []string) []switchboard.DeviceStatus {
	sts := make([]sip.Status, len(deviceIDs))
	srv := r.server()
	var ask []string
	for i, id := range deviceIDs {
		if srv != nil {
			sts[i] = srv.Status(id)
		}
		if !sts[i].Online {
			ask = append(ask, id)
		}
	}
	recs := r.storedMany(ask)
	now := time.Now()
	out := make([]switchboard.DeviceStatus, len(deviceIDs))
	for i, id := range deviceIDs {
		if rec, ok := recs[id]; ok && !sts[i].Online && (srv == nil || rec.node != r.node) {
			if ps := sip.StatusOf(rec.bindings, now); ps.Online || sts[i].IP == "" {
				sts[i] = ps
			}
		}
		out[i] = deviceStatus(sts[i])
	}
	return out
}

func deviceStatus(st sip.Status) switchboard.DeviceStatus {
	out := switchboard.DeviceStatus{State: switchboard.StateOffline, UserAgent: st.UserAgent, IP: st.IP, LastIP: st.LastIP,
		AccessInfo: st.AccessInfo, Contact: st.Contact, Transport: st.Transport,
		Encrypted: st.Encrypted, DoubleRegistration: st.DoubleRegistration}
	if st.Online {
		out.State, out.ExpiresAt = switchboard.StateOnline, st.ExpiresAt
	}
	return out
}

// Notify sends the model's NOTIFY to every binding this node holds, or,
// when another node holds the device's registration, asks that node over
// the bus to send the device's pending action; the outcomes are then
// "sent". ENOTFOUND when the device is registered nowhere.
func (r *Registrar) Notify(ctx context.Context, d *switchboard.Device, reboot bool) ([]switchboard.BindingOutcome, error) {
	if srv := r.server(); srv != nil {
		outs, err := srv.Notify(ctx, d.ID, r.event(d, reboot), reboot)
		if err == nil {
			return outcomes(outs), nil
		}
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return nil, err
		}
	}
	rec, ok := r.stored(d.ID)
	if !ok || rec.node == r.node {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered")
	}
	now := time.Now()
	var out []switchboard.BindingOutcome
	for _, b := range rec.bindings.Bindings {
		if b.Expires.After(now) {
			out = append(out, switchboard.BindingOutcome{Contact: b.Contact, Transport: b.Transport, State: sip.OutcomeSent})
		}
	}
	if len(out) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered")
	}
	if err := r.bus.Publish(ctx, TopicAction, d.ID); err != nil {
		return nil, fmt.Errorf("ask the node holding the registration: %w", err)
	}
	return out, nil
}

// event returns the model's NOTIFY event package, check-sync when the
// catalogue names none.
func (r *Registrar) event(d *switchboard.Device, reboot bool) string {
	m, _ := r.cat.Model(d.Model)
	ev := m.SyncEvent
	if reboot {
		ev = m.RebootEvent
	}
	if ev == "" {
		ev = "check-sync"
	}
	return ev
}

func outcomes(os []sip.Outcome) []switchboard.BindingOutcome {
	out := make([]switchboard.BindingOutcome, len(os))
	for i, o := range os {
		out[i] = switchboard.BindingOutcome{Contact: o.Contact, Transport: o.Transport, State: o.State, Code: o.Code, Reason: o.Reason, Error: o.Error}
	}
	return out
}

// Invalidate drops a cached SIP account.
func (r *Registrar) Invalidate(username string) { r.srv.Invalidate(username) }

// InvalidateAll drops every cached SIP account.
func (r *Registrar) InvalidateAll() { r.srv.InvalidateAll() }

// Due hands out the devices whose pending action is to be delivered now:
// those that came online on this node, and those whose action another
// node asked this one to send. The use cases' RunPending consumes it.
func (r *Registrar) Due() <-chan string { return r.due }

// Calls is the node's B2BUA as the use cases act on calls through it.
func (r *Registrar) Calls() switchboard.CallControl { return r.srv }
