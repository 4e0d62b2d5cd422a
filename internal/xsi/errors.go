package xsi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// answer is how a domain error is answered: the HTTP status of the one
// table (httpstatus), except that a refused input is 400 as Xsi servers
// answer it, not the API's 422; and the ErrorInfo's errorCode, the status
// times ten. Xsi clients branch on the status and show the summary; the
// error codes are Switchboard's own (BroadWorks' numbers are not
// published), stable so that logs can be searched for them.
func answer(code string) (status, errorCode int) {
	status = httpstatus.Of(code)
	if code == switchboard.EINVALID {
		status = http.StatusBadRequest
	}
	return status, status * 10
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
	status, code := answer(switchboard.ErrorCode(err))
	msg := switchboard.ErrorMessage(err)
	switch {
	case errors.Is(r.Context().Err(), context.Canceled):
		return
	case status >= http.StatusInternalServerError:
		h.log.ErrorContext(r.Context(), "xsi: internal error", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		msg = "Internal error. The problem has been logged; try again later."
	case status == http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Basic realm="`+realm+`"`)
	}
	writeXML(w, status, errorInfo(code, msg))
}

// writeXML answers with a whole XML document.
func writeXML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/xml; charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
