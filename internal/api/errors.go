package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// StatusClientClosedRequest is the status of a request whose client hung
// up before it was answered. No RFC names one; 499 is nginx's, which
// dashboards know. Nobody reads the answer: the status keeps abandoned
// requests apart from the server's own failures in the metrics.
const StatusClientClosedRequest = 499

// RetryAfter is the Retry-After, in seconds, of every 503: long enough for
// a restarted database or a failover to finish, short enough that clients
// do not wait long after it has.
const RetryAfter = "5"

// problem turns a use case's error into an RFC 9457 answer. An application
// error keeps its message and names its field; anything else is logged and
// answered with a generic message. A failure after the client hung up is
// the client's abort, logged at debug level only.
func (s *server) problem(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		s.log.DebugContext(ctx, "api: client went away", slog.String("error", err.Error()))
		return huma.NewError(StatusClientClosedRequest, "the client closed the request")
	}
	code := switchboard.ErrorCode(err)
	status := httpstatus.Of(code)
	switch status {
	case http.StatusInternalServerError:
		s.log.ErrorContext(ctx, "api: internal error", slog.String("error", err.Error()))
		return huma.NewError(status, "Internal error. The problem has been logged; try again later.")
	case http.StatusServiceUnavailable:
		s.log.WarnContext(ctx, "api: unavailable", slog.String("error", err.Error()))
		return huma.ErrorWithHeaders(huma.NewError(status, switchboard.ErrorMessage(err)), http.Header{"Retry-After": {RetryAfter}})
	}
	msg := switchboard.ErrorMessage(err)
	var details []error
	if f := switchboard.ErrorField(err); f != "" {
		loc := "body." + f
		if strings.HasPrefix(f, "[") {
			loc = "body" + f // an element of a body that is a list
		}
		details = append(details, &huma.ErrorDetail{Message: msg, Location: loc})
	}
	return huma.NewError(status, msg, details...)
}

// writeProblem answers err, made by problem, from a middleware, with the
// headers it carries.
func (s *server) writeProblem(ctx huma.Context, err error) {
	var he huma.HeadersError
	if errors.As(err, &he) {
		for k, vs := range he.GetHeaders() {
			for _, v := range vs {
				ctx.AppendHeader(k, v)
			}
		}
	}
	status := http.StatusInternalServerError
	var se huma.StatusError
	if errors.As(err, &se) {
		status = se.GetStatus()
	}
	_ = huma.WriteErr(s.api, ctx, status, err.Error())
}

// tidyProblem is a response transformer for huma's own refusals (schema
// validation, bad JSON, oversized bodies): it never echoes input values back
// (they may be passwords), names the missing field of a "required property"
// error, and turns the generic "validation failed" into a detail that says
// what to fix.
func tidyProblem(_ huma.Context, _ string, v any) (any, error) {
	m, ok := v.(*huma.ErrorModel)
	if !ok {
		return v, nil
	}
	var parts []string
	for _, d := range m.Errors {
		if d == nil {
			continue
		}
		d.Value = nil
		if name, ok := strings.CutPrefix(d.Message, "expected required property "); ok {
			if name, ok = strings.CutSuffix(name, " to be present"); ok {
				d.Location = strings.TrimSuffix(d.Location, ".") + "." + name
				d.Message = name + " is required"
			}
		}
		parts = append(parts, strings.TrimPrefix(d.Location, "body.")+": "+d.Message)
	}
	if m.Detail == "validation failed" && len(parts) > 0 {
		m.Detail = "invalid input: " + strings.Join(parts, "; ")
	}
	return m, nil
}
