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

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/metrics"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// operatorTokenFile holds the operator token written on the first start.
const operatorTokenFile = "operator.token"

// system is everything serve runs, wired together.
type system struct {
	store       switchboard.Store
	svc         *app.Service
	apiHandler  http.Handler
	provHandler http.Handler
	// closeProv writes the provisioning server's pending bookkeeping and
	// stops its change bus; it must run before the store closes.
	closeProv func()
	log       *slog.Logger
	// dataDir, nets, reg and registrar are what startSIP needs.
	dataDir   string
	nets      []netip.Prefix
	reg       prometheus.Registerer
	registrar *registrar
}

// openService opens the keyring and store of a data directory and returns
// the use cases on top of them; serve and the offline commands share it.
func openService(ctx context.Context, dataDir, dbURL, publicHost string, provPort, sipPort, sipTLSPort int, reg prometheus.Registerer, log *slog.Logger) (switchboard.Store, *app.Service, error) {
	kr, err := keyring.Load(dataDir)
	if err != nil {
		return nil, nil, err
	}
	cat, err := vendors.New()
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(ctx, dataDir, dbURL, kr)
	if err != nil {
		return nil, nil, err
	}
	var store switchboard.Store = st
	if reg != nil {
		if store, err = metrics.InstrumentStore(st, reg); err != nil {
			st.Close()
			return nil, nil, fmt.Errorf("register store metrics: %w", err)
		}
	}
	svc := app.New(app.Options{
		Store:           store,
		Catalogue:       cat,
		ProvisioningURL: "https://" + net.JoinHostPort(publicHost, strconv.Itoa(provPort)),
		SIP:             app.SIPSettings{Domain: publicHost, Registrar: publicHost, Port: sipPort, TLSPort: sipTLSPort},
		Logger:          log,
	})
	return store, svc, nil
}

func openSystem(ctx context.Context, dataDir string, c serveConfig, nets []netip.Prefix, reg *prometheus.Registry, log *slog.Logger) (*system, error) {
	store, svc, err := openService(ctx, dataDir, c.db, c.publicHost, port(c.prov, 8448), port(c.sip, 5060), port(c.sipTLS, 5061), reg, log)
	if err != nil {
		return nil, err
	}
	r := &registrar{store: store, svc: svc, node: sipNode(c), log: log, changesQ: make(chan statusChange, statusQueue)}
	svc.SetRegistrar(r)
	prov, closeProv, err := provisioningHandler(ctx, store, svc, nets, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	return &system{
		store:       store,
		svc:         svc,
		apiHandler:  api.New(svc, api.Options{Logger: log, Registry: reg}),
		provHandler: prov,
		closeProv:   closeProv,
		log:         log,
		dataDir:     dataDir,
		nets:        nets,
		reg:         reg,
		registrar:   r,
	}, nil
}

// port returns the port of addr, or def when it has none.
func port(addr string, def int) int {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return def
	}
	n, err := strconv.Atoi(p)
	if err != nil || n == 0 {
		return def
	}
	return n
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

// close stops what writes to the store, then the store.
func (s *system) close() {
	s.closeProv()
	if err := s.store.Close(); err != nil {
		s.log.Warn("close store", "err", err)
	}
}
