// Package httpstatus is the one table from domain error codes to HTTP
// status, for every HTTP face of Switchboard: the API, the portal and the
// CTI interface answer a refusal with the same status.
package httpstatus

import (
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// statusOf is the table; a code missing from it is an internal error.
var statusOf = map[string]int{
	switchboard.EINVALID:      http.StatusUnprocessableEntity,
	switchboard.ENOTFOUND:     http.StatusNotFound,
	switchboard.ECONFLICT:     http.StatusConflict,
	switchboard.EUNAUTHORIZED: http.StatusUnauthorized,
	switchboard.EFORBIDDEN:    http.StatusForbidden,
	switchboard.ERATELIMIT:    http.StatusTooManyRequests,
	switchboard.EINTERNAL:     http.StatusInternalServerError,
	switchboard.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// Of returns the HTTP status of a domain error code (switchboard.ErrorCode),
// 500 for a code the table does not hold.
func Of(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}
