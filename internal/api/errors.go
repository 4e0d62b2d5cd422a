package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// statusOf is the one table from domain error codes to HTTP status.
var statusOf = map[string]int{
	switchboard.EINVALID:      http.StatusUnprocessableEntity,
	switchboard.ENOTFOUND:     http.StatusNotFound,
	switchboard.ECONFLICT:     http.StatusConflict,
	switchboard.EUNAUTHORIZED: http.StatusUnauthorized,
	switchboard.EFORBIDDEN:    http.StatusForbidden,
	switchboard.ERATELIMIT:    http.StatusTooManyRequests,
	switchboard.EINTERNAL:     http.StatusInternalServerError,
}

// problem turns a use case's error into an RFC 9457 answer. An application
// error keeps its message and names its field; anything else is logged and
// answered with a generic message.
func (s *server) problem(ctx context.Context, err error) error {
	code := switchboard.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(ctx, "api: internal error", slog.String("error", err.Error()))
		return huma.NewError(status, "Internal error. The problem has been logged; try again later.")
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
