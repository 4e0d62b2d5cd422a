package sip

import (
	"time"
)

// StatusEvent tells that a device's registration status changed: it came
// online or went offline, gained or lost a binding, or its double
// registration warning changed.
type StatusEvent struct {
	DeviceID string
	Status   Status
	At       time.Time
}

// SecurityEvent reports a suspicious SIP event for the audit trail and for
// fail2ban-style log watchers. It never carries a password or digest.
type SecurityEvent struct {
	// Kind is "auth_failed", "blocked_source", "blocked_account" or
	// "address_refused".
	Kind     string
	Source   string
	Username string
	At       time.Time
	Detail   string
	// CustomerID, DeviceID and UserAgent are set for a refusal of a known
	// device (address_refused), whose last access records it.
	CustomerID string
	DeviceID   string
	UserAgent  string
}

// Security event kinds.
const (
	EventAuthFailed     = "auth_failed"
	EventBlockedSource  = "blocked_source"
	EventBlockedAccount = "blocked_account"
	// EventAddressRefused is a REGISTER with the right credentials from an
	// address outside the customer's IP allow-list.
	EventAddressRefused = "address_refused"
)

// ReasonAddressRefused is why an address_refused REGISTER was refused, as
// the device's last access shows it.
const ReasonAddressRefused = "address not on the customer's allow-list"

// event carries a status or security event from the request path to the
// callbacks, which run on one goroutine so a slow consumer never stalls SIP.
type event struct {
	status   *StatusEvent
	security *SecurityEvent
}

func (s *Server) publish(e StatusEvent) {
	if s.opt.OnStatus == nil {
		return
	}
	s.enqueue(event{status: &e})
}

func (s *Server) securityEvent(e SecurityEvent) {
	s.log.Warn("SIP security event", "kind", e.Kind, "source", e.Source, "username", e.Username, "detail", e.Detail)
	if s.opt.OnSecurity == nil {
		return
	}
	s.enqueue(event{security: &e})
}

func (s *Server) enqueue(e event) {
	select {
	case s.events <- e:
	default:
		s.count.eventsDropped.Add(1)
	}
}

// deliverEvents hands the queued events to their callbacks until done,
// then those still queued: an event of a request answered just before
// the stop (a failed REGISTER's) is recorded too.
func (s *Server) deliverEvents(done <-chan struct{}) {
	consume(done, s.events, s.deliver)
}

// consume hands each value from ch to handle until done, then the values
// still queued, so nothing put in before the stop is lost.
func consume[T any](done <-chan struct{}, ch <-chan T, handle func(T)) {
	for {
		select {
		case <-done:
			for {
				select {
				case v := <-ch:
					handle(v)
				default:
					return
				}
			}
		case v := <-ch:
			handle(v)
		}
	}
}

// deliver hands one event to its callback.
func (s *Server) deliver(e event) {
	if e.status != nil {
		s.opt.OnStatus(*e.status)
	}
	if e.security != nil {
		s.opt.OnSecurity(*e.security)
	}
}
