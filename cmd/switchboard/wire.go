package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/blobdir"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/bus/pgbus"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/metrics"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/registrar"
)

// operatorTokenFile holds the operator token written on the first start.
const operatorTokenFile = "operator.token"

// base is what every command working on a data directory opens first.
type base struct {
	kr  *keyring.Keyring
	cat switchboard.Catalogue
	// db.store is instrumented when a registry was given.
	db openedStore
	// firmware holds uploaded firmware: the data directory with SQLite,
	// the database with PostgreSQL (every node serves every file).
	firmware switchboard.FirmwareFiles
}

func openBase(ctx context.Context, dataDir, dbURL string, reg prometheus.Registerer) (base, error) {
	kr, err := keyring.Load(dataDir)
	created := errors.Is(err, keyring.ErrNoKey)
	if created {
		kr = keyring.Generate(dataDir)
	} else if err != nil {
		return base{}, err
	}
	cat, err := vendors.New()
	if err != nil {
		return base{}, err
	}
	db, err := openStore(ctx, dataDir, dbURL, kr)
	if err != nil {
		return base{}, err
	}
	if err := checkKey(ctx, db.keys, kr, dataDir, created); err != nil {
		db.store.Close()
		return base{}, err
	}
	if reg != nil {
		m, err := metrics.InstrumentStore(db.store, reg)
		if err != nil {
			db.store.Close()
			return base{}, fmt.Errorf("register store metrics: %w", err)
		}
		db.store = m
	}
	var files switchboard.FirmwareFiles = app.StoreFirmwareFiles(db.store)
	if db.pool == nil {
		if files, err = blobdir.Open(filepath.Join(dataDir, "firmware")); err != nil {
			db.store.Close()
			return base{}, err
		}
	}
	return base{kr: kr, cat: cat, db: db, firmware: files}, nil
}

// appOptions are the use cases' settings for devices reaching this
// installation at publicHost on the given ports.
func (b base) appOptions(publicHost string, provPort, sipPort, sipTLSPort int, log *slog.Logger) app.Options {
	return app.Options{
		Store:           b.db.store,
		Catalogue:       b.cat,
		ProvisioningURL: "https://" + net.JoinHostPort(publicHost, strconv.Itoa(provPort)),
		SIP:             app.SIPSettings{Domain: publicHost, Registrar: publicHost, Port: sipPort, TLSPort: sipTLSPort},
		Logger:          log,
		Firmware:        vendors.Firmware,
		Render:          vendors.Render,
		FirmwareFiles:   b.firmware,
	}
}

// openService opens the keyring and store of a data directory and returns
// the use cases on top of them, without SIP or change notices; the offline
// commands use it.
func openService(ctx context.Context, dataDir, dbURL, publicHost string, provPort, sipPort, sipTLSPort int, reg prometheus.Registerer, log *slog.Logger) (switchboard.Store, *app.Service, error) {
	b, err := openBase(ctx, dataDir, dbURL, reg)
	if err != nil {
		return nil, nil, err
	}
	return b.db.store, app.New(b.appOptions(publicHost, provPort, sipPort, sipTLSPort, log)), nil
}

// system is everything serve runs, wired together, in the order built:
// store, bus, registrar, use cases, API and provisioning.
type system struct {
	store    switchboard.Store
	outbox   switchboard.Outbox
	bus      switchboard.Bus
	closeBus func()
	sip      *registrar.Registrar
	fraud    *app.FraudWatch
	svc      *app.Service
	api      http.Handler
	portal   http.Handler
	prov     *provision.Server
	log      *slog.Logger
	// relayCalls carries out the other nodes' call requests (callControl).
	relayCalls func(context.Context) error
}

func openSystem(ctx context.Context, dataDir string, c serveConfig, ls *listeners, nets []netip.Prefix, reg *prometheus.Registry, log *slog.Logger) (*system, error) {
	b, err := openBase(ctx, dataDir, c.db, reg)
	if err != nil {
		return nil, err
	}
	s := &system{store: b.db.store, outbox: b.db.outbox, fraud: app.NewFraudWatch(), log: log}
	fail := func(err error) (*system, error) {
		s.close()
		return nil, err
	}
	if s.bus, s.closeBus, err = newBus(ctx, b.db.pool, log); err != nil {
		return fail(fmt.Errorf("start the change bus: %w", err))
	}
	calls := &callUseCases{}
	if s.sip, err = newRegistrar(ctx, c, ls, b, s.bus, s.fraud, calls, nets, reg, log); err != nil {
		return fail(err)
	}
	tlsPort := 5061
	if ls.sipTLS != nil {
		tlsPort = portOf(ls.sipTLS.Addr())
	}
	opts := b.appOptions(c.publicHost, portOf(ls.prov.Addr()), portOf(ls.sipTCP.Addr()), tlsPort, log)
	opts.Registrar, opts.Bus = s.sip, s.bus
	opts.Node = sipNode(c, ls)
	opts.Fraud = s.fraud
	if opts.Tariff, err = loadTariff(c.tariff, log); err != nil {
		return fail(err)
	}
	opts.DeviceTime = app.DeviceTime{NTPServers: c.ntpServers, Resync: c.resync}
	portalURL := portalURLOf(c.publicURL, ls.http.Addr())
	opts.Messages = messages.Env{PortalURL: portalURL + "/login"}
	opts.VoicemailURI = c.voicemailURI
	opts.Calls, s.relayCalls = callControl(b.db.pool, b.db.store, s.bus, opts.Node, s.sip.Calls(), calls, log)
	s.svc = app.New(opts)
	calls.svc.Store(s.svc)
	// Open event streams end when serve is told to stop, so the graceful
	// shutdown of the HTTP listener does not wait for them.
	s.api = api.New(s.svc, api.Options{Logger: log, Registry: reg, Done: ctx.Done()})
	if s.portal, err = portal.New(s.svc, portal.Options{SecureCookies: strings.HasPrefix(portalURL, "https://"), Logger: log, Done: ctx.Done()}); err != nil {
		return fail(fmt.Errorf("start the portal: %w", err))
	}
	cas, err := vendorCAs(c.vendorCAs)
	if err != nil {
		return fail(err)
	}
	if s.prov, err = provision.New(provision.Options{Source: s.svc, ZeroTouch: s.svc, VendorCAs: cas, Changes: s.bus, AccessNetworks: nets, Logger: log,
		MaxLookups: c.provMaxLookups, MaxCached: c.provCachedDevices}); err != nil {
		return fail(fmt.Errorf("start the provisioning server: %w", err))
	}
	return s, nil
}

// portalURLOf is the address browsers reach the portal at: --public-url,
// else the --http listener's address.
func portalURLOf(publicURL string, httpAddr net.Addr) string {
	if publicURL != "" {
		return strings.TrimRight(publicURL, "/")
	}
	return clientURL(httpAddr.String())
}

// newBus returns the change bus for the store and a function that stops
// it: PostgreSQL LISTEN/NOTIFY when the store is PostgreSQL (several nodes
// may share it), in process otherwise.
func newBus(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) (switchboard.Bus, func(), error) {
	if pool == nil {
		return bus.NewLocal(), func() {}, nil
	}
	b, err := pgbus.New(ctx, pool, pgbus.Options{Logger: log})
	if err != nil {
		return nil, nil, err
	}
	return b, func() { _ = b.Close() }, nil
}

// ensureOperatorToken creates the operator token on the first start and
// writes it to the data directory, readable only by its owner.
func (s *system) ensureOperatorToken(ctx context.Context, dataDir string) error {
	path := filepath.Join(dataDir, operatorTokenFile)
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("check operator token: %w", err)
	}
	tok, err := s.svc.IssueToken(ctx, switchboard.System, app.TokenInput{Role: switchboard.RoleOperator, Name: "operator (first start)"})
	if err != nil {
		return fmt.Errorf("create operator token: %w", err)
	}
	if err := os.WriteFile(path, []byte(tok.Secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("write operator token: %w", err)
	}
	s.log.Info("created operator token", "file", path)
	return nil
}

// close writes the provisioning server's pending bookkeeping, stops the
// bus, then closes the store; serve calls it once everything it ran has
// stopped.
func (s *system) close() {
	if s.prov != nil {
		if err := s.prov.Close(); err != nil {
			s.log.Warn("provisioning: pending bookkeeping not written at shutdown", "err", err)
		}
	}
	if s.closeBus != nil {
		s.closeBus()
	}
	if err := s.store.Close(); err != nil {
		s.log.Warn("close store", "err", err)
	}
}
