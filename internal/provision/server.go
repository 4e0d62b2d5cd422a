// Package provision is the phone-facing provisioning server (DESIGN §4
// "Provisioning URL"): phones fetch "/<key>.cfg" or "/<key>/<file>" over
// HTTPS and get their profile rendered by their vendor's package.
//
// Every refusal (unknown key, wrong MAC or vendor, an address outside the
// customer's allow-list, a file the device does not have, a malformed
// path) gets the same 404, costs the same key lookup, counts as a miss
// against the source address (429 for a while after too many), becomes a
// security event (written in batches) and a log line fail2ban can match:
//
//	switchboard provisioning refused from 203.0.113.9: unknown key
//
// Profiles are cached in memory per device and rendered once per
// encryption decision; change notices from the bus drop them. While the
// database is unreachable, a cached profile is still served; only an
// uncached one gets 503 with Retry-After. Last access
// and the other bookkeeping of a fetch are written in batches. The Server
// answers the connections of its listener itself (Serve, conn.go), which
// saves most of net/http's per-connection and per-request work.
//
// Two shared URLs start factory-fresh phones (zerotouch.go): "/login/"
// challenges for an initial login with HTTP digest, "/ztp/" answers a MAC
// armed for MAC provisioning; both answer with the vendor's bootstrap,
// which moves the phone onto its own key URL. Phones are asked for their
// factory client certificate in every handshake; one that verifies against
// a vendor's anchors (Options.VendorCAs) must name the MAC the request and
// the device have (clientcert.go).
package provision

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// Source is what the server needs from the use cases (*app.Service).
type Source interface {
	ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error)
	ProbeKey(ctx context.Context, key string)
	RecordFetches(ctx context.Context, fetches []app.Fetch) error
	RecordRefusals(ctx context.Context, refusals []app.Refusal) error
	RecordFetchedFiles(ctx context.Context, fs []*switchboard.FetchedFile) error
	// Phonebook is the customer's company phonebook, read at each fetch
	// of a phonebook file.
	Phonebook(ctx context.Context, customerID string) ([]switchboard.PhonebookEntry, error)
	// OpenFirmware opens the content of the firmware a device's profile
	// names, for the device to download.
	OpenFirmware(ctx context.Context, f *switchboard.Firmware) (io.ReadSeekCloser, error)
}

// Subscriber hands out change notices (switchboard.Bus implements it).
type Subscriber interface {
	Subscribe(topic string) (<-chan string, func())
}

// DefaultMaxCached is how many devices' profiles a Server keeps by
// default, about 2 KB each: enough for every phone of a boot storm that is
// fetching its files at the moment (one lookup serves all of a phone's
// files), while a fleet of 100,000 devices does not keep 200 MB of
// profiles in memory that are next asked for at the daily resync.
const DefaultMaxCached = 20_000

// Options configure a Server. Source and Changes are required.
type Options struct {
	Source Source
	// Changes delivers the change notices that drop cached profiles.
	Changes Subscriber
	// AccessNetworks are the operator's own networks: fetches from
	// elsewhere get TLS and SRTP (seed 000). nil means
	// switchboard.DefaultAccessNetworks.
	AccessNetworks []netip.Prefix
	// MaxMisses refused fetches from one source within MissWindow block
	// it for BlockFor (429). Defaults: 20, one minute, five minutes.
	MaxMisses  int
	MissWindow time.Duration
	BlockFor   time.Duration
	// FlushInterval is how often bookkeeping is written; default 5s.
	FlushInterval time.Duration
	// MaxCached bounds the cached devices; default DefaultMaxCached.
	MaxCached int
	// MaxRendered bounds the bytes of rendered files kept for cached
	// devices (see renders); default 64 MiB.
	MaxRendered int
	// HeaderTimeout bounds the TLS handshake and the first request of a
	// connection from its start, and each later request from its first
	// byte; default 10s. IdleTimeout closes a kept-alive connection
	// without a request for this long; default 60s.
	HeaderTimeout time.Duration
	IdleTimeout   time.Duration
	// ZeroTouch answers the shared URLs "/login/" (initial login) and
	// "/ztp/" (MAC provisioning); nil leaves them refused like any
	// unknown path.
	ZeroTouch ZeroTouch
	// VendorCAs are the trust anchors of the vendors' factory client
	// certificates, by vendor family name (vendors.CertVendors); a
	// verified certificate naming another MAC than the request or the
	// device is refused. None: certificates are not looked at.
	VendorCAs map[string]*x509.CertPool
	// Logger receives refusals and failures, never keys or secrets.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ClientAddr finds the address a request comes from, for an
	// installation behind a proxy that names it; nil means the peer
	// address of the connection.
	ClientAddr func(r *http.Request) netip.Addr
	// MaxLookups bounds the store lookups (cache misses) in flight; a
	// request that would start one more is answered 503 with a
	// Retry-After drawn from 1 s to the time the store needs for the
	// phones turned away, at most ShedWindow (default 10 s). 0: no bound.
	MaxLookups int
	ShedWindow time.Duration
	// ConnWait is how long a connection its listener accepted beyond the
	// per-address cap (connlimit.NewQueued) waits for a place before it
	// is answered 503 with a Retry-After from the same window; default
	// 2s.
	ConnWait time.Duration
}

// Server is the provisioning handler. Close stops its background work and
// writes what is pending.
type Server struct {
	src     Source
	nets    []netip.Prefix
	log     *slog.Logger
	now     func() time.Time
	limit   *limiter
	cache   *cache
	renders *renders
	journal *journal
	// misses are the latest times the store took to find no device for
	// a key or to probe for one (equalize).
	misses missTimes
	// served are the files fetched since the last flush, for the
	// profile difference.
	served servedFiles
	subs   []subscription
	// drainMu and draining order the taking of change notices; see catchUp.
	drainMu  sync.Mutex
	draining atomic.Int32
	conns    conns
	zt       ZeroTouch
	nonces   *nonces
	certs    *certs

	clientAddr func(r *http.Request) netip.Addr
	// headerTimeout and idleTimeout bound kept-alive connections (conn.go).
	headerTimeout time.Duration
	idleTimeout   time.Duration
	connWait      time.Duration

	flights   sync.Mutex
	inFlight  map[string]*flight
	shedding  *shedder
	closeOnce sync.Once
	stop      chan struct{}
	done      sync.WaitGroup
}

// subscription is one topic's change notices.
type subscription struct {
	topic  string
	ch     <-chan string
	cancel func()
}

// flight is a profile lookup in progress, shared by concurrent requests
// for the same key.
type flight struct {
	done chan struct{}
	e    *entry
	err  error
}

// New returns a running Server.
func New(o Options) (*Server, error) {
	if o.Source == nil || o.Changes == nil {
		return nil, errors.New("provision: Source and Changes are required")
	}
	if o.AccessNetworks == nil {
		o.AccessNetworks = switchboard.DefaultAccessNetworks()
	}
	if o.MaxMisses <= 0 {
		o.MaxMisses = 20
	}
	if o.MissWindow <= 0 {
		o.MissWindow = time.Minute
	}
	if o.BlockFor <= 0 {
		o.BlockFor = 5 * time.Minute
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = 5 * time.Second
	}
	if o.MaxCached <= 0 {
		o.MaxCached = DefaultMaxCached
	}
	if o.MaxRendered <= 0 {
		o.MaxRendered = 64 << 20
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 10 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 60 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ShedWindow <= 0 {
		o.ShedWindow = 10 * time.Second
	}
	if o.ConnWait <= 0 {
		o.ConnWait = 2 * time.Second
	}
	if o.ClientAddr == nil {
		o.ClientAddr = remoteAddr
	}
	certs, err := newCerts(o.VendorCAs)
	if err != nil {
		return nil, err
	}
	s := &Server{
		zt: o.ZeroTouch, nonces: newNonces(), certs: certs,
		src: o.Source, nets: o.AccessNetworks, log: o.Logger, now: o.Now,
		clientAddr: o.ClientAddr, headerTimeout: o.HeaderTimeout, idleTimeout: o.IdleTimeout, connWait: o.ConnWait,
		limit:    newLimiter(o.MaxMisses, o.MissWindow, o.BlockFor),
		cache:    newCache(o.MaxCached),
		renders:  newRenders(o.MaxRendered),
		journal:  newJournal(o.Source),
		inFlight: map[string]*flight{},
		shedding: newShedder(o.MaxLookups, o.ShedWindow, o.Now),
		stop:     make(chan struct{}),
	}
	for _, t := range topics {
		ch, cancel := o.Changes.Subscribe(t)
		s.subs = append(s.subs, subscription{topic: t, ch: ch, cancel: cancel})
	}
	s.done.Add(1)
	go s.flushLoop(o.FlushInterval)
	return s, nil
}

// catchUp applies the change notices queued so far before a request is
// answered, so that a change whose use case has returned is seen by every
// request that starts after it. Notices are taken only here, under
// drainMu, and draining counts a drain in progress: a request that finds
// the queues empty while another request holds a notice it has taken but
// not applied yet waits for it instead of answering from a stale cache.
// The queues are checked before the counter, which is raised before any
// notice is taken, so no taken notice goes unseen.
func (s *Server) catchUp() {
	queued := false
	for _, sub := range s.subs {
		if len(sub.ch) > 0 {
			queued = true
			break
		}
	}
	if !queued && s.draining.Load() == 0 {
		return
	}
	s.drainMu.Lock()
	defer s.drainMu.Unlock()
	s.draining.Add(1)
	defer s.draining.Add(-1)
	for _, sub := range s.subs {
		for len(sub.ch) > 0 {
			if id, ok := <-sub.ch; ok {
				s.cache.drop(sub.topic, id)
			}
		}
	}
}

// flushLoop writes the bookkeeping every interval until Close.
func (s *Server) flushLoop(every time.Duration) {
	defer s.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			// Keep the notice queues short while no phone asks; a queue
			// that overflows anyway yields switchboard.All, which drops everything.
			s.catchUp()
			ctx, cancel := context.WithTimeout(context.Background(), every+10*time.Second)
			if err := s.Flush(ctx); err != nil {
				s.log.Warn("provisioning: bookkeeping not written", "err", err)
			}
			cancel()
			s.limit.sweep(s.now())
			s.nonces.sweep(s.now())
		}
	}
}

// Flush writes the collected last accesses, pending actions carried out,
// passwords delivered and security events now.
func (s *Server) Flush(ctx context.Context) error {
	return errors.Join(s.journal.flush(ctx, s.now()), s.served.record(ctx, s.src))
}

// Close stops following changes and flushing, closes the connections
// Serve opened, and writes what is pending.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.stop)
		s.conns.closeAll()
		for _, sub := range s.subs {
			sub.cancel()
		}
		s.done.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = s.Flush(ctx)
	})
	return err
}

// Cached reports how many devices' profiles are in memory.
func (s *Server) Cached() int { return s.cache.len() }

// RenderedBytes reports what the rendered files kept in memory take, at
// most Options.MaxRendered and one device's files.
func (s *Server) RenderedBytes() int { return s.renders.bytes() }

// lookup returns the entry for key from the cache or, once for all
// concurrent requests of the key, from the store; when the store fails,
// the last entry cached for the key, if any (see cache). fromCache says
// whether the store was spared, for the equal-cost refusals.
func (s *Server) lookup(ctx context.Context, key string) (e *entry, fromCache bool, err error) {
	s.catchUp()
	e, gen := s.cache.get(key)
	if e != nil {
		return e, true, nil
	}
	s.flights.Lock()
	f := s.inFlight[key]
	if f == nil {
		if !s.shedding.acquire() {
			s.flights.Unlock()
			return nil, false, errShed
		}
		f = &flight{done: make(chan struct{})}
		s.inFlight[key] = f
		s.flights.Unlock()
		asked := time.Now()
		p, err := s.src.ProvisioningByKey(ctx, key)
		s.shedding.release()
		switch {
		case err == nil:
			f.e = s.cache.newEntry(key, p, s.renders)
			s.cache.put(f.e, gen)
		case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
			s.misses.add(time.Since(asked))
			s.cache.forget(key)
		case ctx.Err() == nil:
			if f.e = s.cache.stale(key); f.e != nil {
				s.log.Warn("provisioning: database unavailable, serving the cached profile", "err", err)
				err = nil
			}
		}
		f.err = err
		s.flights.Lock()
		delete(s.inFlight, key)
		s.flights.Unlock()
		close(f.done)
	} else {
		s.flights.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	return f.e, false, f.err
}

// remoteAddr is the request's source address; invalid when unparsable.
func remoteAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

// headerBytes is the size of the request's header fields.
func headerBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// clean keeps at most n printable characters of a request value, for logs
// and last access.
func clean(v string, n int) string {
	if len(v) > n {
		v = v[:n]
	}
	return strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, v)
}

// describe names a refusal's address for the log line.
func describe(addr netip.Addr) string {
	if !addr.IsValid() {
		return "an unknown address"
	}
	return addr.String()
}

// retryAfter is the Retry-After value for a block lasting d.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(d/time.Second) + 1)
}
