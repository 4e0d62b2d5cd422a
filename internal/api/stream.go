package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// defaultHeartbeat is how often an idle event stream gets a comment line:
// well under the idle timeouts of common proxies (60 s), so they keep the
// connection, and a client sees a dead one within a minute.
const defaultHeartbeat = 15 * time.Second

// streamRetry is the reconnection delay the stream asks browsers for.
const streamRetry = 3 * time.Second

// streamRoutes serves the live events as server-sent events.
func (s *server) streamRoutes() {
	op := s.op("stream-events", http.MethodGet, "/events/stream",
		"Live events as server-sent events: devices going online or offline, orders finishing, messages failing; only what the caller may see", "events", 0)
	op.Description = "text/event-stream. Each event's name is its type (device, order, message, or missed when notices were lost " +
		"and the page should reload) and its data one JSON object {type, id, customer, state, at}. A comment line is sent " +
		"every 15 s while nothing happens. At most 4 streams per token at once (429 beyond); the stream ends when the server shuts down."
	op.Errors = append(op.Errors, http.StatusTooManyRequests)
	op.Responses = map[string]*huma.Response{"200": {
		Description: "The event stream",
		Content: map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{
			Type: "string", Description: "event: <type>\\ndata: <JSON of the event>\\n\\n, and ': heartbeat' comments",
		}}},
	}}
	handle(s, op, func(ctx context.Context, p switchboard.Principal, _ *struct{}) (*huma.StreamResponse, error) {
		ctx, cancel := context.WithCancel(ctx)
		events, err := s.svc.Live(ctx, p)
		if err != nil {
			cancel()
			return nil, err
		}
		return &huma.StreamResponse{Body: func(hc huma.Context) {
			defer cancel()
			s.stream(hc, events)
		}}, nil
	})
}

// stream writes events until the client leaves, the events end or the
// server shuts down.
func (s *server) stream(hc huma.Context, events <-chan app.LiveEvent) {
	hc.SetHeader("Content-Type", "text/event-stream")
	hc.SetHeader("Cache-Control", "no-store")
	// Tells nginx-style proxies not to buffer the stream.
	hc.SetHeader("X-Accel-Buffering", "no")
	hc.SetStatus(http.StatusOK)
	_, w := humago.Unwrap(hc)
	rc := http.NewResponseController(w)
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: %d\n\n", streamRetry.Milliseconds()) {
		return
	}
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-hc.Context().Done():
			return
		case <-s.done:
			send(": server shutting down\n\n")
			return
		case <-beat.C:
			if !send(": heartbeat\n\n") {
				return
			}
		case ev, ok := <-events:
			if !ok {
				return
			}
			data, err := json.Marshal(ev)
			if err != nil || !send("event: %s\ndata: %s\n\n", ev.Type, data) {
				return
			}
		}
	}
}
