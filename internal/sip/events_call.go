package sip

import (
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Call events have a queue and a goroutine of their own: a store slow to
// record them must not hold up, nor crowd out, the registrar's status
// events. They are never dropped while there is a way to keep them: the
// goroutine records what is queued in batches (one transaction each), a
// call in progress waits for room in a full queue, and new calls wait, and
// are then refused, while the queue is nearly full.
const (
	// maxCallEventBatch bounds the events handed to OnCallEvents at once.
	maxCallEventBatch = 256
	// callEventWait is how long a call in progress waits for room in a
	// full queue before its event is counted lost.
	callEventWait = 10 * time.Second
	// callSetupWait is how long a new call waits for the queue to drain
	// below its high-water mark before it is refused 503.
	callSetupWait = 2 * time.Second
	// callSetupRetryAfter is the Retry-After of that refusal, in seconds.
	callSetupRetryAfter = "5"
)

// callEvent queues a call event for Options.OnCallEvents. A full queue
// holds the call up (the caller holds its lock) for up to callEventWait;
// only then is the event counted lost.
func (s *Server) callEvent(e switchboard.CallEvent) {
	select {
	case s.callEvents <- e:
		return
	default:
	}
	t := time.NewTimer(callEventWait)
	defer t.Stop()
	select {
	case s.callEvents <- e:
	case <-t.C:
		s.count.callEventsLost.Add(1)
		s.log.Error("call event lost: the event queue stayed full", "kind", e.Kind, "workplace", e.WorkplaceID)
	}
}

// callEventsBacklogged reports whether the queue is past its high-water
// mark (three quarters full), where new calls wait.
func (s *Server) callEventsBacklogged() bool {
	return s.opt.OnCallEvents != nil && len(s.callEvents) > cap(s.callEvents)*3/4
}

// roomForCall waits up to callSetupWait for the call event queue to drain
// below its high-water mark; false means the new call is to be refused,
// so that the events of the calls in progress keep their room.
func (s *Server) roomForCall() bool {
	if !s.callEventsBacklogged() {
		return true
	}
	deadline := time.Now().Add(callSetupWait)
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if !s.callEventsBacklogged() {
			return true
		}
	}
	s.count.callsDeferred.Add(1)
	s.log.Warn("new call refused: call events are recorded slower than they come", "queued", len(s.callEvents))
	return false
}

// deliverCallEvents hands the queued events to OnCallEvents in batches
// until done, then records what is still queued.
func (s *Server) deliverCallEvents(done <-chan struct{}) {
	consume(done, s.callEvents, s.recordCallEvents)
}

// recordCallEvents records first and whatever is queued behind it, up to
// maxCallEventBatch, in the order they came. A batch that could not be
// recorded is counted lost and logged.
func (s *Server) recordCallEvents(first switchboard.CallEvent) {
	batch := []switchboard.CallEvent{first}
	for len(batch) < maxCallEventBatch {
		select {
		case e := <-s.callEvents:
			batch = append(batch, e)
		default:
			s.sendCallEvents(batch)
			return
		}
	}
	s.sendCallEvents(batch)
}

func (s *Server) sendCallEvents(batch []switchboard.CallEvent) {
	s.count.callEventBatches.Add(1)
	if err := s.opt.OnCallEvents(batch); err != nil {
		s.count.callEventsLost.Add(uint64(len(batch)))
		s.log.Error("call events not recorded", "events", len(batch), "error", err)
	}
}
