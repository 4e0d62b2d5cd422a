package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"time"

	sipgo "github.com/emiago/sipgo/sip"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// Bus topics of the SIP side. A notice on topicSIPAction asks the node
// holding the device's registration to send its pending action; one on
// topicSIPStatus tells that a device's registration status changed (for
// the portal and CTI).
const (
	topicSIPAction = "sip.action"
	topicSIPStatus = "sip.status"
)

// nonceLabel derives the nonce secret from the master key: every node
// sharing the key (and so the store) accepts the others' nonces, and a
// restart keeps accepting the nonces it gave out.
const nonceLabel = "switchboard sip nonce secret v1"

// registrar backs app.Registrar with the SIP server of this node and the
// registrations other nodes persisted in the shared store. It exists
// before the server starts (the use cases need it at construction) and
// answers "offline" until then.
type registrar struct {
	store   switchboard.Store
	svc     *app.Service
	node    string
	log     *slog.Logger
	srv     atomic.Pointer[sip.Server]
	changes atomic.Pointer[bus.Bus]
	// changesQ holds status changes for the status workers; dropped
	// counts those lost to a full queue.
	changesQ chan statusChange
	dropped  atomic.Int64
}

// storeTimeout bounds a store read on behalf of the SIP side.
const storeTimeout = 5 * time.Second

// Status answers from this node's location service, or from the persisted
// registration when this node holds no binding of the device.
func (r *registrar) Status(deviceID string) app.DeviceStatus {
	var st sip.Status
	if srv := r.srv.Load(); srv != nil {
		st = srv.Status(deviceID)
	}
	if !st.Online {
		if db, ok := r.stored(deviceID); ok {
			if ps := sip.StatusOf(db.bindings, time.Now()); ps.Online || st.IP == "" {
				st = ps
			}
		}
	}
	return deviceStatus(st)
}

// storedBindings is a persisted registration decoded.
type storedBindings struct {
	node     string
	bindings sip.DeviceBindings
}

// stored reads a device's persisted registration.
func (r *registrar) stored(deviceID string) (storedBindings, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	var rec *switchboard.Registration
	err := r.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		rec, err = tx.Registration(deviceID)
		return err
	})
	if err != nil {
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			r.log.Warn("reading a persisted SIP registration failed", "device", deviceID, "err", err)
		}
		return storedBindings{}, false
	}
	var db sip.DeviceBindings
	if err := json.Unmarshal(rec.Data, &db); err != nil {
		r.log.Warn("a persisted SIP registration is unreadable", "device", deviceID, "err", err)
		return storedBindings{}, false
	}
	db.DeviceID = deviceID
	return storedBindings{node: rec.Node, bindings: db}, true
}

func deviceStatus(st sip.Status) app.DeviceStatus {
	out := app.DeviceStatus{State: app.StateOffline, UserAgent: st.UserAgent, IP: st.IP, LastIP: st.LastIP,
		AccessInfo: st.AccessInfo, Contact: st.Contact, Transport: st.Transport,
		Encrypted: st.Encrypted, DoubleRegistration: st.DoubleRegistration}
	if st.Online {
		out.State, out.ExpiresAt = app.StateOnline, st.ExpiresAt
	}
	return out
}

// Notify sends the action's NOTIFY; see NotifyBindings.
func (r *registrar) Notify(ctx context.Context, d *switchboard.Device, reboot bool) error {
	_, err := r.NotifyBindings(ctx, d, reboot)
	return err
}

// NotifyBindings sends the model's check-sync to every binding this node
// holds, or, when another node holds the device's registration, asks that
// node over the bus to send the device's pending action. ENOTFOUND when
// the device is registered nowhere.
func (r *registrar) NotifyBindings(ctx context.Context, d *switchboard.Device, reboot bool) ([]app.BindingOutcome, error) {
	if srv := r.srv.Load(); srv != nil && len(srv.Bindings(d.ID)) > 0 {
		outs, err := srv.Notify(ctx, d.ID, r.event(d, reboot), reboot)
		if err == nil {
			return outcomes(outs), nil
		}
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return nil, err
		}
	}
	sb, ok := r.stored(d.ID)
	b := r.changes.Load()
	if !ok || sb.node == r.node || b == nil {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered")
	}
	now := time.Now()
	var out []app.BindingOutcome
	for _, bd := range sb.bindings.Bindings {
		if bd.Expires.After(now) {
			out = append(out, app.BindingOutcome{Contact: bd.Contact, Transport: bd.Transport, State: sip.OutcomeSent})
		}
	}
	if len(out) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the device is not registered")
	}
	if err := (*b).Publish(ctx, topicSIPAction, d.ID); err != nil {
		return nil, fmt.Errorf("ask the node holding the registration: %w", err)
	}
	return out, nil
}

// event returns the model's NOTIFY event package, check-sync when the
// catalogue names none.
func (r *registrar) event(d *switchboard.Device, reboot bool) string {
	m, _ := r.svc.Model(d.Model)
	ev := m.SyncEvent
	if reboot {
		ev = m.RebootEvent
	}
	if ev == "" {
		ev = "check-sync"
	}
	return ev
}

func outcomes(os []sip.Outcome) []app.BindingOutcome {
	out := make([]app.BindingOutcome, len(os))
	for i, o := range os {
		out[i] = app.BindingOutcome{Contact: o.Contact, Transport: o.Transport, State: o.State, Code: o.Code, Reason: o.Reason, Error: o.Error}
	}
	return out
}

// Invalidate drops a cached SIP account.
func (r *registrar) Invalidate(username string) {
	if srv := r.srv.Load(); srv != nil {
		srv.Invalidate(username)
	}
}

// InvalidateAll drops every cached SIP account.
func (r *registrar) InvalidateAll() {
	if srv := r.srv.Load(); srv != nil {
		srv.InvalidateAll()
	}
}

// startSIP starts the registrar on --sip (UDP and TCP), --sip-tls and
// --sip-wss, restores this node's persisted bindings, and returns the
// function that stops it and writes the bindings.
func (s *system) startSIP(ctx context.Context, c serveConfig, cert tls.Certificate) (func(), error) {
	if c.sip == "" {
		return func() {}, nil
	}
	kr, err := keyring.Load(s.dataDir)
	if err != nil {
		return nil, err
	}
	algs, err := digestAlgorithms(c.sipDigest)
	if err != nil {
		return nil, err
	}
	r := s.registrar
	if p, ok := s.svc.ChangePublisher().(bus.Bus); ok {
		r.changes.Store(&p)
	}
	sec := newSecurityLog(s.store, s.log)
	srv, err := sip.NewServer(sip.Options{
		Accounts:       &storeAccounts{store: s.store, domain: c.publicHost},
		Secret:         kr.Index(nonceLabel),
		AccessNetworks: s.nets,
		Algorithms:     algs,
		Persister:      &bindingPersister{store: s.store, node: r.node},
		OnStatus:       r.onStatus,
		OnSecurity:     sec.add,
		Logger:         s.log,
	})
	if err != nil {
		return nil, err
	}
	sipgo.SetDefaultLogger(slog.New(errorsOnly{s.log.Handler()}).With("component", "sipgo"))
	if err := loadBindings(ctx, s.store, r.node, srv); err != nil {
		return nil, err
	}
	ls, err := sipListeners(c, cert)
	if err != nil {
		return nil, err
	}
	if err := registerSIPMetrics(s.reg, srv); err != nil {
		closeListeners(ls)
		return nil, err
	}
	r.srv.Store(srv)
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(sctx, ls...); err != nil {
			s.log.Error("SIP registrar stopped", "err", err)
		}
	}()
	go sec.run(sctx)
	go r.followActions(sctx)
	go r.followChanges(sctx)
	for range statusWorkers {
		go r.handleStatus(sctx)
	}
	return func() {
		cancel()
		<-done
		r.srv.Store(nil)
		sec.flush(context.Background())
	}, nil
}

// digestAlgorithms parses --sip-digest.
func digestAlgorithms(v string) ([]string, error) {
	var out []string
	for _, a := range strings.Split(v, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		switch strings.ToUpper(a) {
		case "MD5":
			out = append(out, "MD5")
		case "SHA-256":
			out = append(out, "SHA-256")
		default:
			return nil, fmt.Errorf("--sip-digest: %q is not md5 or sha-256", a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--sip-digest: name at least one of md5, sha-256")
	}
	return out, nil
}

// sipListeners opens UDP and TCP on --sip, TLS on --sip-tls and WSS on
// --sip-wss (the empty address turns the latter two off).
func sipListeners(c serveConfig, cert tls.Certificate) ([]sip.Listener, error) {
	var ls []sip.Listener
	fail := func(err error) ([]sip.Listener, error) {
		closeListeners(ls)
		return nil, err
	}
	pc, err := net.ListenPacket("udp", c.sip)
	if err != nil {
		return fail(fmt.Errorf("SIP over UDP on %s: %w", c.sip, err))
	}
	ls = append(ls, sip.UDP(pc))
	tcp, err := net.Listen("tcp", c.sip)
	if err != nil {
		return fail(fmt.Errorf("SIP over TCP on %s: %w", c.sip, err))
	}
	ls = append(ls, sip.TCP(tcp))
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if c.sipTLS != "" {
		l, err := net.Listen("tcp", c.sipTLS)
		if err != nil {
			return fail(fmt.Errorf("SIP over TLS on %s: %w", c.sipTLS, err))
		}
		ls = append(ls, sip.TLS(tls.NewListener(l, cfg)))
	}
	if c.sipWSS != "" {
		l, err := net.Listen("tcp", c.sipWSS)
		if err != nil {
			return fail(fmt.Errorf("SIP over WSS on %s: %w", c.sipWSS, err))
		}
		ls = append(ls, sip.WSS(tls.NewListener(l, cfg)))
	}
	return ls, nil
}

func closeListeners(ls []sip.Listener) {
	for _, l := range ls {
		l.Close()
	}
}

// sipNode names this node in persisted registrations: host name and SIP
// address, distinct for every serve process that can hold sockets.
func sipNode(c serveConfig) string {
	h, _ := os.Hostname()
	return h + " " + c.sip
}

// errorsOnly passes only errors on: sipgo's transport logs connection
// bookkeeping at warning level, which a phone closing its connection
// triggers and which would let anyone fill the log.
type errorsOnly struct{ slog.Handler }

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}

func (h errorsOnly) WithAttrs(as []slog.Attr) slog.Handler {
	return errorsOnly{h.Handler.WithAttrs(as)}
}

func (h errorsOnly) WithGroup(name string) slog.Handler { return errorsOnly{h.Handler.WithGroup(name)} }
