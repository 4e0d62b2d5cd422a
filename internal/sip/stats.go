package sip

import "sync/atomic"

// Stats are counters since the server started, for metrics and benchmarks.
type Stats struct {
	// Requests counts requests received; Dropped those discarded because
	// the workers were saturated (UDP only; the client retransmits).
	Requests, Dropped uint64
	// Challenges counts 401 answers to REGISTER, Registered 200 answers,
	// AuthFailures wrong credentials and Replays REGISTERs refused because
	// another request used their nonce count, or too long ago to check.
	Challenges, Registered, AuthFailures, Replays uint64
	// RefusedConnections counts stream connections refused by the limits.
	RefusedConnections uint64
	// EventsDropped counts status and security events lost because their
	// consumer did not keep up.
	EventsDropped uint64
	// CallEventBatches counts the batches handed to OnCallEvents;
	// CallEventsLost the call events that could not be recorded (the queue
	// stayed full, or OnCallEvents failed); CallsDeferred the new calls
	// refused 503 while call events were backlogged.
	CallEventBatches, CallEventsLost, CallsDeferred uint64
}

type counters struct {
	requests, dropped, challenges, registered, authFailures, replays, refusedConns, eventsDropped atomic.Uint64
	callEventBatches, callEventsLost, callsDeferred                                               atomic.Uint64
}

// Stats returns the current counters.
func (s *Server) Stats() Stats {
	return Stats{
		Requests:      s.count.requests.Load(),
		Dropped:       s.count.dropped.Load(),
		Challenges:    s.count.challenges.Load(),
		Registered:    s.count.registered.Load(),
		AuthFailures:  s.count.authFailures.Load(),
		Replays:       s.count.replays.Load(),
		EventsDropped: s.count.eventsDropped.Load(),

		CallEventBatches: s.count.callEventBatches.Load(),
		CallEventsLost:   s.count.callEventsLost.Load(),
		CallsDeferred:    s.count.callsDeferred.Load(),

		RefusedConnections: s.count.refusedConns.Load(),
	}
}
