package main

import (
	"context"
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
// otherwise. The use cases publish their changes on the same bus. Both run
// until ctx ends, when the server writes its pending bookkeeping. Should
// the server not start, every fetch is answered 503 and the reason logged.
func provisioningHandler(ctx context.Context, store switchboard.Store, svc *app.Service, nets []netip.Prefix, log *slog.Logger) http.Handler {
	changes, closeBus, err := changeBus(ctx, store, log)
	if err == nil {
		svc.SetChanges(changes)
		var srv *provision.Server
		srv, err = provision.New(provision.Options{Source: svc, Changes: changes, AccessNetworks: nets, Logger: log})
		if err == nil {
			go func() {
				<-ctx.Done()
				if err := srv.Close(); err != nil {
					log.Warn("provisioning: pending bookkeeping not written at shutdown", "err", err)
				}
				closeBus()
			}()
			return srv
		}
		closeBus()
	}
	log.Error("provisioning server not started; fetches are answered 503", "err", err)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "provisioning unavailable", http.StatusServiceUnavailable)
	})
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
