package sip

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// statusByCode is the one table from domain error codes to SIP status,
// for REGISTER and other requests (code) and for the refusal of a call
// (call). SIP has no 409 and its 429 means "Provide Referrer Identity", so
// a conflict is a refusal (403; for a call, the callee is busy: 486) and
// rate limiting is 503 with Retry-After, which RFC 3261 §21.5.4 defines for
// "try again later". An invalid dialled number is incomplete (484).
var statusByCode = map[string]struct {
	code       int
	reason     string
	call       int
	callReason string
}{
	switchboard.EINVALID:      {400, "Bad Request", 484, "Address Incomplete"},
	switchboard.EUNAUTHORIZED: {401, "Unauthorized", 403, "Forbidden"},
	switchboard.EFORBIDDEN:    {403, "Forbidden", 403, "Forbidden"},
	switchboard.ENOTFOUND:     {404, "Not Found", 404, "Not Found"},
	switchboard.ECONFLICT:     {403, "Forbidden", 486, "Busy Here"},
	switchboard.ERATELIMIT:    {503, "Service Unavailable", 503, "Service Unavailable"},
	switchboard.EINTERNAL:     {500, "Server Internal Error", 500, "Server Internal Error"},
	switchboard.EUNAVAILABLE:  {503, "Service Unavailable", 503, "Service Unavailable"},
}

// StatusFor maps an error to a SIP status code and reason phrase. The
// reason is the domain message for application errors (so a phone's
// display or a trace says what to fix) and a generic phrase otherwise.
func StatusFor(err error) (int, string) {
	st, ok := statusByCode[switchboard.ErrorCode(err)]
	if !ok {
		st = statusByCode[switchboard.EINTERNAL]
	}
	var e *switchboard.Error
	if errors.As(err, &e) && e.Code != switchboard.EINTERNAL {
		if r := reasonPhrase(e.Message); r != "" {
			return st.code, r
		}
	}
	return st.code, st.reason
}

// callErrorReply is the final answer to an INVITE the router refused;
// the reason phrase is the domain message, which phones display.
func callErrorReply(err error) reply {
	r := errorReply(err)
	st, ok := statusByCode[switchboard.ErrorCode(err)]
	if !ok {
		st = statusByCode[switchboard.EINTERNAL]
	}
	r.code = st.call
	if r.reason == st.reason || r.reason == "" {
		r.reason = st.callReason
	}
	return r
}

// reasonPhrase keeps a message safe for a status line: one line of
// printable ASCII, bounded.
func reasonPhrase(m string) string {
	m = strings.TrimSpace(strings.TrimSuffix(m, "."))
	var b strings.Builder
	for _, r := range m {
		if b.Len() >= 100 {
			break
		}
		if r >= 0x20 && r < 0x7f {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// retryError is an application error that also says when to try again.
type retryError struct {
	err   *switchboard.Error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// reply is a final answer to a request; the zero reply means no answer.
type reply struct {
	code    int
	reason  string
	headers []sip.Header
}

// errorReply turns an error into a reply through the table.
func errorReply(err error) reply {
	code, reason := StatusFor(err)
	r := reply{code: code, reason: reason}
	var re *retryError
	if errors.As(err, &re) {
		secs := int(re.after.Round(time.Second) / time.Second)
		r.headers = append(r.headers, sip.NewHeader("Retry-After", strconv.Itoa(max(secs, 1))))
	}
	return r
}

func badRequest(msg string) error { return switchboard.Errorf(switchboard.EINVALID, "%s", msg) }
