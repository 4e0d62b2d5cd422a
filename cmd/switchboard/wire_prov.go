package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/metrics"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
)

// provisioningHandler builds the phone-facing provisioning server and the
// change bus its profile cache listens to: PostgreSQL LISTEN/NOTIFY when
// the store is PostgreSQL (several nodes may share it), in process
// otherwise. The use cases publish their changes on the same bus. The
// returned function writes the server's pending bookkeeping and stops the
// bus; serve calls it before closing the store.
func provisioningHandler(ctx context.Context, store switchboard.Store, svc *app.Service, nets []netip.Prefix, log *slog.Logger) (http.Handler, func(), error) {
	changes, closeBus, err := changeBus(ctx, store, log)
	if err != nil {
		return nil, nil, fmt.Errorf("start the change bus: %w", err)
	}
	svc.SetChanges(changes)
	srv, err := provision.New(provision.Options{Source: svc, Changes: changes, AccessNetworks: nets, Logger: log})
	if err != nil {
		closeBus()
		return nil, nil, fmt.Errorf("start the provisioning server: %w", err)
	}
	return srv, func() {
		if err := srv.Close(); err != nil {
			log.Warn("provisioning: pending bookkeeping not written at shutdown", "err", err)
		}
		closeBus()
	}, nil
}

// changeBus returns the bus for the store and a function that stops it.
func changeBus(ctx context.Context, store switchboard.Store, log *slog.Logger) (bus.Bus, func(), error) {
	if m, ok := store.(*metrics.Store); ok {
		store = m.Store
	}
	db, ok := store.(*postgres.DB)
	if !ok {
		return bus.NewLocal(), func() {}, nil
	}
	b, err := bus.NewPostgres(ctx, db.Pool(), bus.PostgresOptions{Logger: log})
	if err != nil {
		return nil, nil, err
	}
	return b, func() { _ = b.Close() }, nil
}
