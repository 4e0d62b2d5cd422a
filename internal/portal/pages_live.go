package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// liveHeartbeat is how often an idle event stream gets a comment line, so
// proxies keep it open and a dead browser is noticed.
const liveHeartbeat = 15 * time.Second

// liveRetry is the reconnection delay the stream asks browsers for.
const liveRetry = 3 * time.Second

// liveRoutes serve the logged-in session's live events, which app.js shows
// on the device page and the device lists without a reload.
func (h *handler) liveRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events", h.private(h.events))
}

// events streams the use case's events as server-sent events: the same
// events and tenant rules as the API's stream, authenticated by the
// session cookie. It ends when the browser leaves or the portal's Done
// closes.
func (h *handler) events(rq *request) error {
	ctx, cancel := context.WithCancel(rq.r.Context())
	defer cancel()
	events, err := h.svc.Live(ctx, rq.principal())
	if err != nil {
		return err
	}
	hd := rq.w.Header()
	hd.Set("Content-Type", "text/event-stream")
	// Tells nginx-style proxies not to buffer the stream.
	hd.Set("X-Accel-Buffering", "no")
	rq.w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(rq.w)
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(rq.w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: %d\n\n", liveRetry.Milliseconds()) {
		return nil
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.done:
			return nil
		case <-beat.C:
			if !send(": heartbeat\n\n") {
				return nil
			}
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			data, err := json.Marshal(ev)
			if err != nil || !send("event: %s\ndata: %s\n\n", ev.Type, data) {
				return nil
			}
		}
	}
}

// liveDevice is a device in a list with its registration state, which
// app.js keeps current.
type liveDevice struct {
	*app.DeviceView
	State string
}

// withStates adds each device's registration state to a device list.
func withStates(svc *app.Service,
	list func(context.Context, switchboard.Principal, string, switchboard.Page) ([]*app.DeviceView, string, error),
) func(context.Context, switchboard.Principal, string, switchboard.Page) ([]liveDevice, string, error) {
	return func(ctx context.Context, p switchboard.Principal, arg string, pg switchboard.Page) ([]liveDevice, string, error) {
		ds, next, err := list(ctx, p, arg, pg)
		if err != nil {
			return nil, "", err
		}
		out := make([]liveDevice, len(ds))
		for i, state := range svc.RegistrationStates(ds) {
			out[i] = liveDevice{DeviceView: ds[i], State: state}
		}
		return out, next, nil
	}
}
