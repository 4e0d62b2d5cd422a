package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/connlimit"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// serveConfig holds the flags of DESIGN §5; each is also SWITCHBOARD_<NAME>.
type serveConfig struct {
	db        string
	http      string
	prov      string
	sip       string
	sipTLS    string
	sipWSS    string
	sipDigest string
	// voicemailURI and conferenceURI are the services calls are sent to
	// (--voicemail-uri, --conference-uri); empty: none.
	voicemailURI   string
	conferenceURI  string
	publicHost     string
	publicURL      string
	accessNetworks []string
	ntpServers     []string
	resync         time.Duration
	smtp           string
	smsURL         string
	tlsCert        string
	tlsKey         string
	// vendorCAs are the --vendor-ca values, VENDOR=FILE.pem.
	vendorCAs []string
	logLevel  string
	// maxConnsPerAddr caps the open connections from one source address
	// on the API and on the provisioning listener, each; 0: no cap.
	maxConnsPerAddr int
	httpIdle        time.Duration
	pprof           string
	memoryLimit     string
	// orderWorkers bounds the orders carried out at once; 0:
	// app.DefaultOrderWorkers.
	orderWorkers int
	// tariff is the --tariff file pricing calls for TopStop; empty: none.
	tariff string
	// rolloutPoll is how often firmware rollouts are looked at.
	rolloutPoll time.Duration
	// provMaxLookups bounds the profile lookups in flight before fetches
	// are told to retry later.
	provMaxLookups int
	// provCachedDevices bounds the devices whose profiles the
	// provisioning server keeps in memory.
	provCachedDevices int
	// sipCachedAccounts bounds the SIP accounts the registrar keeps in
	// memory.
	sipCachedAccounts int
	// provConnQueue is how many connections one source address may have
	// waiting beyond maxConnsPerAddr on --prov before they are closed;
	// each waits a short time for a place, else is told to retry later.
	provConnQueue int
	// listeners, when set, are used instead of the addresses of the flags.
	listeners *listeners
}

func serveCommand(g *globals) *cobra.Command { return serveCommandOn(g, nil) }

// serveCommandOn is serve answering on listeners opened already (tests and
// the demo); nil opens the addresses of the flags.
func serveCommandOn(g *globals, ls *listeners) *cobra.Command {
	var c serveConfig
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the API, portal, provisioning and SIP servers",
		Long: `Run Switchboard: the portal (/) and the API (/api/) on --http, the phone-facing
provisioning server (HTTPS) on --prov and the SIP registrar on --sip / --sip-tls.
State is kept in an embedded SQLite database in --data unless --db names a
PostgreSQL server. On its first start it writes an operator API token to
<data>/operator.token; portal accounts for operators are made with
"switchboard operator create NAME".

Charge limits (TopStop) count the cost of answered calls to the public
network, priced by the --tariff file (CSV: prefix,cents_per_minute and an
optional connection_cents per line, # for comments; the longest matching
E.164 prefix wins, "+" alone matches every number). Without a tariff every
call costs 0, so no charge limit is ever reached.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c.listeners = ls
			return serve(cmd.Context(), g.data, c)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&c.db, "db", "", "database URL: postgres://... for PostgreSQL (default: SQLite file in --data)")
	fs.StringVar(&c.http, "http", "127.0.0.1:8080", "address of the API and portal")
	fs.StringVar(&c.prov, "prov", ":8448", "address of the provisioning server (HTTPS)")
	fs.StringVar(&c.sip, "sip", ":5060", "address of the SIP registrar (UDP and TCP)")
	fs.StringVar(&c.sipTLS, "sip-tls", ":5061", "address of the SIP registrar over TLS (empty: off)")
	fs.StringVar(&c.sipWSS, "sip-wss", "", "address of the SIP registrar over secure WebSocket for browser clients (empty: off)")
	fs.StringVar(&c.voicemailURI, "voicemail-uri", "", "SIP URI of the voicemail service (*86, unanswered calls, transfers to voicemail; empty: none), e.g. sip:voicemail@192.0.2.10")
	fs.StringVar(&c.conferenceURI, "conference-uri", "", "SIP URI of the conference service CTI conferences go to (empty: none)")
	fs.StringVar(&c.sipDigest, "sip-digest", "auto", "digest algorithms offered to REGISTER, in order, e.g. sha-256,md5; auto: md5 and sha-256, md5 alone to clients known to give up on sha-256 (baresip before 3.11)")
	fs.StringVar(&c.publicHost, "public-host", "", "host name put into provisioning URLs and profiles (default: this machine's name)")
	fs.StringVar(&c.publicURL, "public-url", "", "URL browsers reach the portal and API at, e.g. https://portal.example.com behind a TLS proxy: mails link to its /login, and portal cookies are Secure when it is https (default: http://<--http address>)")
	fs.StringSliceVar(&c.accessNetworks, "access-networks", defaultAccessNetworks, "the operator's own access networks (CIDRs); plain SIP is allowed only from these")
	fs.StringSliceVar(&c.ntpServers, "ntp-servers", []string{"pool.ntp.org"}, "time servers written into every phone's profile, preferred first (a site may name its own)")
	fs.DurationVar(&c.resync, "resync-interval", 24*time.Hour, "how often phones check for a changed profile by themselves, 15m to 168h (a site may set its own; 0: leave the phone's setting)")
	fs.StringVar(&c.smtp, "smtp", "", "SMTP server URL, e.g. smtp://user:pass@host:587 (default: mail stays in the outbox)")
	fs.StringVar(&c.smsURL, "sms-url", "", "HTTP gateway for SMS (JSON POST)")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "TLS certificate file for the phone-facing listeners (default: generated into --data)")
	fs.StringVar(&c.tlsKey, "tls-key", "", "TLS key file for the phone-facing listeners")
	fs.StringArrayVar(&c.vendorCAs, "vendor-ca", nil, "trust anchors of a vendor's factory client certificates, VENDOR=FILE.pem, repeated (VENDOR: "+strings.Join(vendors.CertVendors(), ", ")+"): a phone whose certificate verifies and names another MAC than its request or device is refused (none: certificates are not checked)")
	fs.StringVar(&c.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.IntVar(&c.maxConnsPerAddr, "max-conns-per-address", 500, "open connections one source address (an IPv6 /64) may hold on --http and on --prov, each; more are closed at once (0: no cap)")
	fs.DurationVar(&c.httpIdle, "http-idle-timeout", 2*time.Minute, "how long an idle kept-alive connection to --http stays open")
	fs.StringVar(&c.memoryLimit, "memory-limit", "", "soft limit of the process's memory, e.g. 900MiB: the garbage collector works harder near it instead of letting the heap grow to twice its live data (empty: none; GOMEMLIMIT works too)")
	fs.StringVar(&c.pprof, "pprof", "", "loopback address serving Go's CPU and memory profiles under /debug/pprof/ (empty: off)")
	fs.IntVar(&c.provConnQueue, "prov-conn-queue", 500, "connections one source address may have waiting beyond --max-conns-per-address on --prov; each waits up to 2 s for a place, then gets 503 with Retry-After (0: closed at once)")
	fs.IntVar(&c.sipCachedAccounts, "sip-cached-accounts", sip.DefaultMaxCachedAccounts, "SIP accounts the registrar keeps in memory (each about 200 bytes); a booting phone's challenge and answer are served from one lookup, an account beyond the bound is looked up again at the phone's next refresh, half a registration before its binding would expire")
	fs.IntVar(&c.provCachedDevices, "prov-cached-devices", provision.DefaultMaxCached, "devices whose profiles the provisioning server keeps in memory (each about 2 KB); a booting phone's files are served from one lookup, a device beyond the bound is looked up again on its next fetch, and while the database is unreachable only cached devices get their profile")
	fs.IntVar(&c.provMaxLookups, "prov-max-lookups", 64, "profile lookups in the store at once before a fetch is answered 503 with Retry-After (0: no bound)")
	fs.DurationVar(&c.rolloutPoll, "rollout-poll", 5*time.Second, "how often a node looks at the running firmware rollouts (a ring waits at least this long between checks)")
	fs.IntVar(&c.orderWorkers, "order-workers", 0, "orders (such as new workplaces) carried out at once by this node (0: one per CPU but one, at least 1)")
	fs.StringVar(&c.tariff, "tariff", "", "CSV file pricing calls to the public network for charge limits (TopStop): prefix,cents_per_minute[,connection_cents] per line, longest E.164 prefix wins (empty: every call costs 0 and no limit is ever reached)")
	return cmd
}

// defaultAccessNetworks are loopback and the private ranges (RFC 1918,
// RFC 4193).
var defaultAccessNetworks = []string{"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"}

func (c serveConfig) validate() ([]netip.Prefix, error) {
	var nets []netip.Prefix
	for _, s := range c.accessNetworks {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("--access-networks: %q is not a CIDR such as 10.0.0.0/8", s)
		}
		nets = append(nets, p)
	}
	if err := switchboard.ValidateNTPServers("--ntp-servers", c.ntpServers); err != nil {
		return nil, err
	}
	if m := int(c.resync / time.Minute); c.resync != 0 && (c.resync%time.Minute != 0 || switchboard.ValidateResyncMinutes("--resync-interval", m) != nil) {
		return nil, fmt.Errorf("--resync-interval: %s is not 0 or whole minutes from 15m to 168h", c.resync)
	}
	if c.orderWorkers < 0 {
		return nil, fmt.Errorf("--order-workers: %d is not 0 (the default) or more", c.orderWorkers)
	}
	if c.provCachedDevices < 1 || c.sipCachedAccounts < 1 {
		return nil, fmt.Errorf("--prov-cached-devices %d, --sip-cached-accounts %d: each is 1 or more", c.provCachedDevices, c.sipCachedAccounts)
	}
	if c.maxConnsPerAddr < 0 || c.provConnQueue < 0 || c.httpIdle <= 0 {
		return nil, fmt.Errorf("--max-conns-per-address %d, --prov-conn-queue %d, --http-idle-timeout %s: the cap and the queue are 0 (none) or more, the timeout more than 0", c.maxConnsPerAddr, c.provConnQueue, c.httpIdle)
	}
	if c.pprof != "" {
		if err := checkPprofAddr(c.pprof); err != nil {
			return nil, err
		}
	}
	for name, addr := range map[string]string{"--http": c.http, "--prov": c.prov, "--sip": c.sip} {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("%s: %q is not host:port", name, addr)
		}
	}
	return nets, nil
}

func serve(ctx context.Context, dataDir string, c serveConfig) error {
	ls := c.listeners
	defer func() { ls.close() }()
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := newLogger(os.Stderr, level)
	nets, err := c.validate()
	if err != nil {
		return err
	}
	limit, err := parseMemory(c.memoryLimit)
	if err != nil {
		return err
	}
	defer setMemoryLimit(limit)()
	if ls == nil {
		if ls, err = listen(c); err != nil {
			return err
		}
	}
	if c.publicHost == "" {
		c.publicHost, _ = os.Hostname()
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	sys, err := openSystem(ctx, dataDir, c, ls, nets, reg, log)
	if err != nil {
		return err
	}
	defer sys.close()
	if err := sys.ensureOperatorToken(ctx, dataDir); err != nil {
		return err
	}
	cert, err := tlscert.Load(dataDir, c.tlsCert, c.tlsKey, []string{c.publicHost, "localhost", "127.0.0.1", "::1"})
	if err != nil {
		return err
	}
	// Liveness says the process runs; readiness that it serves: the store
	// answers, and the node is not shutting down (so that load balancers
	// drain it first).
	var ready atomic.Bool
	defer context.AfterFunc(ctx, func() { ready.Store(false) })()
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", api.Liveness())
	mux.Handle("GET /readyz", api.Readiness(sys.store, ready.Load, log))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("GET "+sim.PublicHostPath, api.PublicHost(c.publicHost))
	mux.Handle("/api/", sys.api)
	mountXsi(ctx, mux, sys.svc, sys.bus, log)
	mux.Handle("/", sys.portal)

	provTLS := tlscert.ServerConfig(cert)
	// Phones are asked for their factory certificate, never required to
	// send one; provision checks those that verify (--vendor-ca).
	provTLS.ClientAuth = tls.RequestClientCert
	refused := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "switchboard_connections_refused_total",
		Help: "Connections closed at accept because their source address held --max-conns-per-address already (and, on provisioning, --prov-conn-queue waiting), by listener.",
	}, []string{"listener"})
	reg.MustRegister(refused)
	capped := func(ln net.Listener, name string, queue int) net.Listener {
		return connlimit.NewQueued(ln, c.maxConnsPerAddr, queue, refused.WithLabelValues(name).Inc)
	}
	parts, err := sys.workers(c, reg)
	if err != nil {
		return err
	}
	parts = append(parts,
		func(ctx context.Context) error {
			if err := sys.sip.Run(ctx, ls.sip(cert)...); err != nil {
				return fmt.Errorf("SIP registrar: %w", err)
			}
			return nil
		},
		serveHTTP(&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: c.httpIdle}, capped(ls.http, "api", 0), log),
		func(ctx context.Context) error {
			return sys.prov.Serve(ctx, tls.NewListener(capped(ls.prov, "provisioning", c.provConnQueue), provTLS))
		},
	)
	if c.pprof != "" {
		ln, err := net.Listen("tcp", c.pprof)
		if err != nil {
			return fmt.Errorf("--pprof: %w", err)
		}
		parts = append(parts, serveHTTP(&http.Server{Handler: pprofHandler(), ReadHeaderTimeout: 10 * time.Second}, ln, log))
		log.Info("listening", "addr", ln.Addr().String(), "serves", "profiles")
	}
	ready.Store(true)
	log.Info("listening", "addr", ls.http.Addr().String(), "serves", "API")
	log.Info("listening", "addr", ls.prov.Addr().String(), "serves", "provisioning")
	for _, l := range sipListeners(ls) {
		log.Info("listening", "addr", l.addr, "serves", "SIP over "+l.transport)
	}
	log.Info("switchboard ready", "data", dataDir, "public_host", c.publicHost, "operator_token", filepath.Join(dataDir, operatorTokenFile))
	if isTerminal(os.Stderr) {
		bannerOf(ls, dataDir, c.publicHost).write(os.Stderr)
	}
	err = runAll(ctx, parts...)
	ready.Store(false)
	if err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// serveHTTP serves HTTP on ln until ctx ends, then shuts the server down
// gracefully. A listener that fails makes it return the address and the
// cause.
func serveHTTP(s *http.Server, ln net.Listener, log *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		errc := make(chan error, 1)
		go func() { errc <- s.Serve(ln) }()
		select {
		case err := <-errc:
			return fmt.Errorf("listener on %s failed: %w", ln.Addr(), err)
		case <-ctx.Done():
		}
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := s.Shutdown(shutdownCtx); err != nil {
			log.Warn("shutdown", "addr", ln.Addr().String(), "err", err)
		}
		<-errc
		return nil
	}
}

// runAll runs every part until ctx ends or one fails, then stops the others
// and waits for all of them. It returns the first failure.
func runAll(ctx context.Context, parts ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for _, run := range parts {
		wg.Go(func() {
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				once.Do(func() { first = err })
				cancel()
			}
		})
	}
	wg.Wait()
	return first
}
