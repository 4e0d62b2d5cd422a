package notify

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts delivery outcomes by channel, so an operator can alert on
// failed messages and see retries building up before they turn into
// failures.
type Metrics struct {
	sent    *prometheus.CounterVec
	retried *prometheus.CounterVec
	failed  *prometheus.CounterVec
}

// NewMetrics creates the delivery counters and registers them with reg;
// a nil reg leaves them unregistered (tests, several dispatchers).
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_notify_messages_sent_total",
			Help: "Outbox messages a sender accepted, by channel.",
		}, []string{"channel"}),
		retried: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_notify_messages_retried_total",
			Help: "Failed delivery attempts that will be retried, by channel.",
		}, []string{"channel"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_notify_messages_failed_total",
			Help: "Outbox messages given up on after a permanent failure or the last attempt, by channel.",
		}, []string{"channel"}),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.sent, m.retried, m.failed} {
			if err := reg.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}
