package main

import (
	"context"
	"log/slog"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/xsi"
)

// mountXsi serves the CTI interface (BroadWorks Xsi-Actions and
// Xsi-Events) beside the API on the --http listener. Its event channels
// end when serve is told to stop, so the graceful shutdown does not wait
// for them.
func mountXsi(ctx context.Context, mux *http.ServeMux, svc *app.Service, changes switchboard.Bus, log *slog.Logger) {
	h := xsi.New(svc, xsi.Options{Bus: changes, Logger: log, Done: ctx.Done()})
	for _, prefix := range []string{xsi.ActionsPrefix, xsi.EventsPrefix, xsi.AsyncPrefix} {
		mux.Handle(prefix, h)
	}
}
