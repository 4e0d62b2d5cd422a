// Package api serves Switchboard's REST API (DESIGN §5) over net/http with
// huma: bearer authentication, one table from domain error codes to HTTP
// status, RFC 9457 problem answers, cursor pagination, Prometheus metrics
// and the OpenAPI 3.1 description at /api/openapi.json.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// Options configure the API handler.
type Options struct {
	// Logger receives internal errors (with their detail, which clients never
	// see); nil discards.
	Logger *slog.Logger
	// Registry receives the request metrics; nil registers nothing.
	Registry prometheus.Registerer
	// MaxBodyBytes caps request bodies (413 above it); 0 means 1 MiB.
	MaxBodyBytes int64
	// Done, when closed, ends the open event streams, so a graceful
	// shutdown need not wait for clients that never hang up; nil never.
	Done <-chan struct{}
	// Heartbeat is how often an idle event stream gets a comment; 0
	// means 15 s.
	Heartbeat time.Duration
}

// Prefix is the path every versioned operation lives under.
const Prefix = "/api/v1"

// server holds what the handlers share.
type server struct {
	svc     *app.Service
	log     *slog.Logger
	maxBody int64
	api     huma.API
	// done and heartbeat are Options.Done and Options.Heartbeat.
	done      <-chan struct{}
	heartbeat time.Duration
}

// New returns the handler serving /api/v1/... and /api/openapi.json.
func New(svc *app.Service, opts Options) http.Handler {
	s := &server{svc: svc, log: opts.Logger, maxBody: opts.MaxBodyBytes, done: opts.Done, heartbeat: opts.Heartbeat}
	if s.heartbeat <= 0 {
		s.heartbeat = defaultHeartbeat
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	config := huma.DefaultConfig("Switchboard", "1.0.0")
	config.Info.Description = "Endpoint management for a hosted PBX: customers, sites, numbers, workplaces, devices."
	config.OpenAPIPath = "/api/openapi"
	config.DocsPath = "/api/docs"
	config.SchemasPath = "/api/schemas"
	// No $schema links in answers: clients see exactly the documented fields.
	config.CreateHooks = nil
	config.Transformers = []huma.Transformer{tidyProblem}
	// A misspelt filter (?fre=true) is refused rather than silently ignored.
	config.RejectUnknownQueryParameters = true
	config.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "Authorization: Bearer <token>"},
	}
	mux := http.NewServeMux()
	s.api = humago.New(mux, config)
	s.api.UseMiddleware(s.authenticate, s.requireMediaType)

	s.customerRoutes()
	s.customerResourceRoutes()
	s.numberRoutes()
	s.deviceRoutes()
	s.deviceActionRoutes()
	s.fraudRoutes()
	s.importRoutes()
	s.tokenRoutes()
	s.eventRoutes()
	s.modelRoutes()
	s.orderRoutes()
	s.messageRoutes()
	s.messageResendRoutes()
	s.passwordRoutes()
	s.redirectRoutes()
	s.contactRoutes()
	s.callRoutes()
	s.chargeRoutes()
	s.hotDeskRoutes()
	s.fleetRoutes()
	s.qrRoutes()
	s.streamRoutes()
	s.profileDiffRoutes()
	s.historyRoutes()
	s.exportRoutes()
	s.foreignImportRoutes()
	s.firmwareRoutes()
	s.siteActionRoutes()

	return instrument(mux, opts.Registry, s.log)
}

// op describes an authenticated operation with the shared defaults.
func (s *server) op(id, method, path, summary, tag string, status int) huma.Operation {
	return huma.Operation{
		OperationID:   id,
		Method:        method,
		Path:          Prefix + path,
		Summary:       summary,
		Tags:          []string{tag},
		DefaultStatus: status,
		MaxBodyBytes:  s.maxBody,
		Security:      []map[string][]string{{"bearer": {}}},
		Errors: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
			http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}
}
