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
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// serveConfig holds the flags of DESIGN §5; each is also SWITCHBOARD_<NAME>.
type serveConfig struct {
	db             string
	http           string
	prov           string
	sip            string
	sipTLS         string
	sipWSS         string
	sipDigest      string
	publicHost     string
	accessNetworks []string
	smtp           string
	smsURL         string
	tlsCert        string
	tlsKey         string
	logLevel       string
}

func serveCommand(g *globals) *cobra.Command {
	var c serveConfig
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the API, portal, provisioning and SIP servers",
		Long: `Run Switchboard: the API and portal on --http, the phone-facing provisioning
server (HTTPS) on --prov and the SIP registrar on --sip / --sip-tls. State is kept
in an embedded SQLite database in --data unless --db names a PostgreSQL server.
On its first start it writes an operator API token to <data>/operator.token.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
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
	fs.StringVar(&c.sipDigest, "sip-digest", "md5,sha-256", "digest algorithms offered to REGISTER, in order (baresip 1.0 needs md5 alone)")
	fs.StringVar(&c.publicHost, "public-host", "", "host name put into provisioning URLs and profiles (default: this machine's name)")
	fs.StringSliceVar(&c.accessNetworks, "access-networks", defaultAccessNetworks, "the operator's own access networks (CIDRs); plain SIP is allowed only from these")
	fs.StringVar(&c.smtp, "smtp", "", "SMTP server URL, e.g. smtp://user:pass@host:587 (default: mail stays in the outbox)")
	fs.StringVar(&c.smsURL, "sms-url", "", "HTTP gateway for SMS (JSON POST)")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "TLS certificate file for the phone-facing listeners (default: generated into --data)")
	fs.StringVar(&c.tlsKey, "tls-key", "", "TLS key file for the phone-facing listeners")
	fs.StringVar(&c.logLevel, "log-level", "info", "debug, info, warn or error")
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
	for name, addr := range map[string]string{"--http": c.http, "--prov": c.prov, "--sip": c.sip} {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("%s: %q is not host:port", name, addr)
		}
	}
	return nets, nil
}

func serve(ctx context.Context, dataDir string, c serveConfig) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := newLogger(os.Stderr, level)
	nets, err := c.validate()
	if err != nil {
		return err
	}
	if c.publicHost == "" {
		c.publicHost, _ = os.Hostname()
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	sys, err := openSystem(ctx, dataDir, c, nets, reg, log)
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
	var ready atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", sys.apiHandler)

	servers := []*http.Server{
		{Addr: c.http, Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		{Addr: c.prov, Handler: sys.provHandler, ReadHeaderTimeout: 10 * time.Second, TLSConfig: tlscert.ServerConfig(cert)},
	}
	errc := make(chan error, len(servers)+1)
	// stop undoes what has started so far, last first; serve runs it on
	// every way out, so a failed start leaves nothing listening behind.
	var stops []func()
	stop := sync.OnceFunc(func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	})
	defer stop()
	for _, s := range servers {
		ln, err := net.Listen("tcp", s.Addr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", s.Addr, err)
		}
		if s.TLSConfig != nil {
			ln = tls.NewListener(ln, s.TLSConfig)
		}
		log.Info("listening", "addr", ln.Addr().String(), "tls", s.TLSConfig != nil)
		go func() { errc <- s.Serve(ln) }()
		stops = append(stops, func() {
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			if err := s.Shutdown(shutdownCtx); err != nil {
				log.Warn("shutdown", "addr", s.Addr, "err", err)
			}
		})
	}
	stopSIP, err := sys.startSIP(ctx, c, cert)
	if err != nil {
		return err
	}
	stops = append(stops, stopSIP)
	stopWorkers, err := sys.startWorkers(ctx, c, reg)
	if err != nil {
		return err
	}
	stops = append(stops, stopWorkers)
	ready.Store(true)
	log.Info("switchboard ready", "data", dataDir, "public_host", c.publicHost)

	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Error("listener failed", "err", err)
		}
	}
	ready.Store(false)
	stop()
	log.Info("stopped")
	return nil
}
