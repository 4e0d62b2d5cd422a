package xsi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// failure is how one domain error code is answered: the HTTP status and
// the ErrorInfo's errorCode. Xsi clients branch on the status and show
// the summary; the error codes are Switchboard's own (BroadWorks' numbers
// are not published), stable so that logs can be searched for them.
type failure struct {
	status int
	code   int
}

// failures is the one table from domain error codes to Xsi answers.
var failures = map[string]failure{
	switchboard.EINVALID:      {http.StatusBadRequest, 4000},
	switchboard.EUNAUTHORIZED: {http.StatusUnauthorized, 4010},
	switchboard.EFORBIDDEN:    {http.StatusForbidden, 4030},
	switchboard.ENOTFOUND:     {http.StatusNotFound, 4040},
	switchboard.ECONFLICT:     {http.StatusConflict, 4090},
	switchboard.ERATELIMIT:    {http.StatusTooManyRequests, 4290},
	switchboard.EINTERNAL:     {http.StatusInternalServerError, 5000},
	switchboard.EUNAVAILABLE:  {http.StatusServiceUnavailable, 5030},
}

// errorInfo is the ErrorInfo document of err.
func errorInfo(code int, summary string) []byte {
	return document(el("ErrorInfo",
		leaf("summary", summary),
		leaf("summaryEnglish", summary),
		leaf("errorCode", strconv.Itoa(code))))
}

// fail answers err as an ErrorInfo. An application error keeps its
// message; anything else is logged and answered with a generic one. A
// 401 also asks for Basic credentials, as every Xsi client expects.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	f, ok := failures[switchboard.ErrorCode(err)]
	if !ok {
		f = failures[switchboard.EINTERNAL]
	}
	msg := switchboard.ErrorMessage(err)
	switch {
	case errors.Is(r.Context().Err(), context.Canceled):
		return
	case f.status >= http.StatusInternalServerError:
		h.log.ErrorContext(r.Context(), "xsi: internal error", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		msg = "Internal error. The problem has been logged; try again later."
	case f.status == http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Basic realm="`+realm+`"`)
	}
	writeXML(w, f.status, errorInfo(f.code, msg))
}

// writeXML answers with a whole XML document.
func writeXML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/xml; charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
