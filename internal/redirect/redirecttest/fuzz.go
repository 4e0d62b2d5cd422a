package redirecttest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// FuzzAnswers serves each fuzz input as the 200 answer to every request a
// connector makes and wants every call to end in a classified *redirect.Error
// or success, never a panic or an unclassified error. seeds are answers of
// the real shape, so mutations reach deep into the parsers.
func FuzzAnswers(f *testing.F, seeds []string, connect func(url, secret string) redirect.Connector) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	var answer atomic.Pointer[[]byte]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(*answer.Load())
	}))
	f.Cleanup(srv.Close)
	c := connect(srv.URL, "secret")
	dev := redirect.Device{MAC: "00:15:65:00:00:99", Code: Code("001565000099")}
	f.Fuzz(func(t *testing.T, body []byte) {
		answer.Store(&body)
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		_, checkErr := c.Check(ctx, dev.MAC)
		for _, err := range []error{c.Register(ctx, dev, URL), c.Deregister(ctx, dev.MAC), checkErr} {
			var e *redirect.Error
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("unclassified error %v for answer %q", err, body)
			}
		}
	})
}
