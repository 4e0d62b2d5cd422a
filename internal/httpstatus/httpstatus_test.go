package httpstatus

import (
	"net/http"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestOf: refusals a client can act on keep their 4xx status; what the
// table does not know is the server's failure.
func TestOf(t *testing.T) {
	for code, want := range map[string]int{
		switchboard.EINVALID:     http.StatusUnprocessableEntity,
		switchboard.ENOTFOUND:    http.StatusNotFound,
		switchboard.ECONFLICT:    http.StatusConflict,
		switchboard.ERATELIMIT:   http.StatusTooManyRequests,
		switchboard.EUNAVAILABLE: http.StatusServiceUnavailable,
		"no such code":           http.StatusInternalServerError,
		"":                       http.StatusInternalServerError,
	} {
		if got := Of(code); got != want {
			t.Errorf("Of(%q) = %d, want %d", code, got, want)
		}
	}
}
