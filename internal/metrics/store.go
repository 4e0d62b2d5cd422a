// Package metrics exposes Switchboard's Prometheus measurements that belong
// to no single adapter, such as the latency of the store.
package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Store wraps a store and records how long its transactions take and how
// many fail, by kind (update, view).
type Store struct {
	switchboard.Store
	duration *prometheus.HistogramVec
	failures *prometheus.CounterVec
}

// InstrumentStore registers the store metrics with reg and returns the
// wrapped store.
func InstrumentStore(s switchboard.Store, reg prometheus.Registerer) (*Store, error) {
	m := &Store{
		Store: s,
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "switchboard_store_transaction_seconds",
			Help:    "Duration of store transactions by kind.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10),
		}, []string{"kind"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_store_transaction_errors_total",
			Help: "Store transactions that returned an error, by kind and error code (canceled: abandoned by the caller).",
		}, []string{"kind", "code"}),
	}
	for _, c := range []prometheus.Collector{m.duration, m.failures} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Update runs a read-write transaction and measures it.
func (m *Store) Update(ctx context.Context, fn func(switchboard.Tx) error) error {
	return m.observe("update", func() error { return m.Store.Update(ctx, fn) })
}

// View runs a read-only transaction and measures it.
func (m *Store) View(ctx context.Context, fn func(switchboard.Tx) error) error {
	return m.observe("view", func() error { return m.Store.View(ctx, fn) })
}

func (m *Store) observe(kind string, fn func() error) error {
	start := time.Now()
	err := fn()
	m.duration.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	if err != nil {
		m.failures.WithLabelValues(kind, failureCode(err)).Inc()
	}
	return err
}

// failureCode labels a failed transaction with its error code, or
// "canceled" when its caller gave up on it (a client that hung up), which
// says nothing about the store's health.
func failureCode(err error) string {
	if errors.Is(err, context.Canceled) {
		return "canceled"
	}
	return switchboard.ErrorCode(err)
}
