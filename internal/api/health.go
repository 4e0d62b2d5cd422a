package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ReadyTimeout bounds how long readiness waits for the store: a probe
// that hangs tells an orchestrator nothing.
const ReadyTimeout = 2 * time.Second

// Liveness answers /healthz: 200 for as long as the process serves HTTP.
// It asks nothing of the store, because an orchestrator restarts a process
// whose liveness fails, and a restart does not bring a database back.
func Liveness() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})
}

// Readiness answers /readyz: 200 while serving reports true and the store
// answers within ReadyTimeout; otherwise 503 with Retry-After and one line
// saying why, so that a load balancer sends requests to another node
// meanwhile. The cause of a failure is logged, not answered: the probe
// needs no token, and a database's error names its host and user.
func Readiness(store switchboard.Store, serving func() bool, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if !serving() {
			notReady(w, "not ready: starting or shutting down")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
		defer cancel()
		err := store.View(ctx, func(switchboard.Tx) error { return nil })
		switch {
		case err == nil:
			fmt.Fprintln(w, "ready")
		case errors.Is(r.Context().Err(), context.Canceled):
			// The prober hung up; there is no one to answer.
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			log.WarnContext(r.Context(), "not ready: the database did not answer", slog.Duration("within", ReadyTimeout))
			notReady(w, "not ready: the database did not answer within "+ReadyTimeout.String())
		default:
			log.WarnContext(r.Context(), "not ready: the database cannot be reached", slog.String("error", err.Error()))
			notReady(w, "not ready: the database cannot be reached")
		}
	})
}

// notReady answers 503 with Retry-After and the one-line reason.
func notReady(w http.ResponseWriter, reason string) {
	w.Header().Set("Retry-After", RetryAfter)
	http.Error(w, reason, http.StatusServiceUnavailable)
}

// PublicHost answers the host put into provisioning URLs and SIP accounts
// (serve's --public-host), without a token: every phone's profile names it
// anyway, and the simulator checks it before it creates devices.
func PublicHost(host string) http.Handler {
	b, _ := json.Marshal(map[string]string{"public_host": host})
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	})
}
