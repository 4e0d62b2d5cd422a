package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// requestMetrics count API requests by route pattern and status and time
// them. Route patterns, not paths, label them, so ids never become labels.
type requestMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newRequestMetrics registers the collectors with reg, reusing collectors
// already registered there by an earlier handler.
func newRequestMetrics(reg prometheus.Registerer, log *slog.Logger) *requestMetrics {
	m := &requestMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_api_requests_total",
			Help: "API requests by route pattern and HTTP status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "switchboard_api_request_duration_seconds",
			Help:    "Duration of API requests by route pattern.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 3, 10),
		}, []string{"route"}),
	}
	if reg == nil {
		return m
	}
	m.requests = registered(reg, m.requests, log)
	m.duration = registered(reg, m.duration, log)
	return m
}

// registered registers c with reg and returns it, or the collector of the
// same description an earlier handler registered there.
func registered[C prometheus.Collector](reg prometheus.Registerer, c C, log *slog.Logger) C {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	switch {
	case errors.As(err, &are):
		return are.ExistingCollector.(C)
	case err != nil:
		log.Error("api: register request metrics", slog.String("error", err.Error()))
	}
	return c
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the first status written.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records the implicit 200 of a body written without a status.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument measures and logs (at debug level) every request mux serves,
// labelled with the pattern the mux matched ("unmatched" for none).
func instrument(mux *http.ServeMux, reg prometheus.Registerer, log *slog.Logger) http.Handler {
	m := newRequestMetrics(reg, log)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		r2 := r.WithContext(r.Context())
		mux.ServeHTTP(sw, r2)
		route := r2.Pattern
		if route == "" {
			route = "unmatched"
		}
		switch {
		case errors.Is(r.Context().Err(), context.Canceled):
			// The client hung up: whatever was written reaches no one,
			// and a failure it caused is not the server's.
			sw.status = StatusClientClosedRequest
		case sw.status == 0:
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route).Observe(elapsed.Seconds())
		// The route pattern, never the path or headers: no ids, cursors or
		// tokens end up in the log.
		log.Debug("api request", slog.String("route", route), slog.Int("status", sw.status), slog.Duration("duration", elapsed))
	})
}
