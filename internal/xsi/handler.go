package xsi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// URL prefixes the handler serves; the wiring mounts it under each.
// Xsi clients open event channels under the asynchronous prefix, which
// BroadWorks puts in front of the events' path.
const (
	ActionsPrefix = "/com.broadsoft.xsi-actions/"
	EventsPrefix  = "/com.broadsoft.xsi-events/"
	AsyncPrefix   = "/com.broadsoft.async/"
)

// realm is the realm of the Basic challenge.
const realm = "BroadWorks"

// maxBody caps request bodies: Xsi documents are small.
const maxBody = 64 << 10

// Service is what the handler asks of the use cases; *app.Service
// implements it. The handler checks nothing itself: every call passes the
// authenticated principal on.
type Service interface {
	CTIAuthenticate(ctx context.Context, username, password, remote string) (switchboard.Principal, error)
	CTIUser(ctx context.Context, p switchboard.Principal, userID string) (*app.CTIUser, error)
	CTIUserOf(ctx context.Context, p switchboard.Principal, workplaceID string) (*app.CTIUser, error)
	CTIMonitorCustomer(ctx context.Context, p switchboard.Principal, customerID string) (*switchboard.Customer, error)
	CTICheckAct(ctx context.Context, p switchboard.Principal, workplaceID string) error
	CTICalls(ctx context.Context, p switchboard.Principal, workplaceID string) ([]switchboard.Call, error)
	CTICall(ctx context.Context, p switchboard.Principal, workplaceID, callID string) (switchboard.Call, error)
	CTIAct(ctx context.Context, p switchboard.Principal, workplaceID string, a app.CallAction) (switchboard.Call, error)
	CallSettings(ctx context.Context, p switchboard.Principal, workplaceID string) (*switchboard.CallSettings, error)
	UpdateCallSettings(ctx context.Context, p switchboard.Principal, workplaceID string, patch app.CallSettingsPatch, by string) (*switchboard.CallSettings, error)
	CallEventsAfter(ctx context.Context, p switchboard.Principal, customerID string, after int64, limit int) ([]*switchboard.CallEvent, error)
	LastCallEventSeq(ctx context.Context) (int64, error)
}

// Options configure a Handler.
type Options struct {
	// Bus wakes the event channels when call events were added on any
	// node (switchboard.TopicCall); nil makes them look every second.
	Bus switchboard.Bus
	// Logger receives internal errors; nil discards.
	Logger *slog.Logger
	// Done, when closed, ends the event channels and the event reader.
	Done <-chan struct{}
	// Now is the clock of expiries; nil means time.Now.
	Now func() time.Time
}

// Handler serves Xsi-Actions and Xsi-Events.
type Handler struct {
	svc   Service
	log   *slog.Logger
	hub   *hub
	known *authCache
}

// New returns the handler and starts its event reader, which runs until
// o.Done is closed.
func New(svc Service, o Options) *Handler {
	h := &Handler{svc: svc, log: o.Logger, known: newAuthCache()}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.hub = newHub(svc, o, h.log)
	go h.hub.run()
	return h
}

// ServeHTTP authenticates every request with HTTP Basic and routes it.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(AsyncPrefix, "/"))
	user, password, ok := r.BasicAuth()
	if !ok {
		h.fail(w, r, switchboard.Errorf(switchboard.EUNAUTHORIZED, "give a username and password (HTTP Basic)"))
		return
	}
	p, err := h.authenticate(r, user, password)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	c := &call{w: w, r: r, p: p, login: user}
	switch {
	case strings.HasPrefix(path, ActionsPrefix+"v2.0/"):
		err = h.action(c, splitPath(strings.TrimPrefix(path, ActionsPrefix+"v2.0/")))
	case strings.HasPrefix(path, EventsPrefix+"v2.0/"):
		err = h.events(c, splitPath(strings.TrimPrefix(path, EventsPrefix+"v2.0/")))
	default:
		err = errNoResource
	}
	if err != nil {
		h.fail(w, r, err)
	}
}

// authenticate checks the request's credentials, or finds them checked
// within the last authTTL.
func (h *Handler) authenticate(r *http.Request, user, password string) (switchboard.Principal, error) {
	key, now := h.known.key(user, password, r.RemoteAddr), h.hub.now()
	if p, ok := h.known.get(key, now); ok {
		return p, nil
	}
	p, err := h.svc.CTIAuthenticate(r.Context(), user, password, r.RemoteAddr)
	if err == nil {
		h.known.put(key, p, now)
	}
	return p, err
}

// call is one authenticated request.
type call struct {
	w     http.ResponseWriter
	r     *http.Request
	p     switchboard.Principal
	login string
}

// body reads the request's body.
func (c *call) body() ([]byte, error) {
	b, err := io.ReadAll(c.r.Body)
	if err != nil {
		return nil, switchboard.Errorf(switchboard.EINVALID, "the body could not be read: %v", err)
	}
	return b, nil
}

// errNoResource answers a path the interface does not have.
var errNoResource = switchboard.Errorf(switchboard.ENOTFOUND, "no such resource")

// errMethod answers a method the resource does not take.
func errMethod(r *http.Request) error {
	return switchboard.Errorf(switchboard.EINVALID, "%s is not supported on %s", r.Method, r.URL.Path)
}

// splitPath cuts a path into its segments, without empty ones.
func splitPath(path string) []string {
	var out []string
	for s := range strings.SplitSeq(path, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
