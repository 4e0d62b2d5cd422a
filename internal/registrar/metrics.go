package registrar

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// registerMetrics exposes the server's counters to Prometheus.
func registerMetrics(reg prometheus.Registerer, srv *sip.Server) error {
	if reg == nil {
		return nil
	}
	counters := []struct {
		name, help string
		get        func(sip.Stats) uint64
	}{
		{"requests_total", "SIP requests received.", func(s sip.Stats) uint64 { return s.Requests }},
		{"dropped_total", "SIP requests dropped because the workers were saturated (UDP).", func(s sip.Stats) uint64 { return s.Dropped }},
		{"challenges_total", "REGISTERs answered 401.", func(s sip.Stats) uint64 { return s.Challenges }},
		{"registered_total", "REGISTERs answered 200.", func(s sip.Stats) uint64 { return s.Registered }},
		{"auth_failures_total", "REGISTERs with wrong credentials.", func(s sip.Stats) uint64 { return s.AuthFailures }},
		{"replays_total", "REGISTERs refused as replays: a nonce count reused by a request that differs from the one that used it, or a nonce older than the ones kept.", func(s sip.Stats) uint64 { return s.Replays }},
		{"refused_connections_total", "Stream connections refused by the connection limits.", func(s sip.Stats) uint64 { return s.RefusedConnections }},
		{"events_dropped_total", "Status and security events lost because their consumer lagged.", func(s sip.Stats) uint64 { return s.EventsDropped }},
		{"call_event_batches_total", "Batches of call events handed to the store.", func(s sip.Stats) uint64 { return s.CallEventBatches }},
		{"call_events_lost_total", "Call events that could not be recorded.", func(s sip.Stats) uint64 { return s.CallEventsLost }},
		{"calls_deferred_total", "New calls refused 503 while call events were backlogged.", func(s sip.Stats) uint64 { return s.CallsDeferred }},
	}
	for _, c := range counters {
		get := c.get
		f := prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "switchboard", Subsystem: "sip", Name: c.name, Help: c.help},
			func() float64 { return float64(get(srv.Stats())) })
		if err := reg.Register(f); err != nil {
			return fmt.Errorf("register SIP metrics: %w", err)
		}
	}
	return nil
}
