package poly_test

import (
	"net/http/httptest"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly/polytest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

func TestConnector(t *testing.T) {
	fake := polytest.New("right-key", map[string]string{"p-1": redirecttest.URL, "p-2": redirecttest.MovedURL})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	connect := func(right bool) redirect.Connector {
		key := redirect.Secret("right-key")
		if !right {
			key = "wrong-key"
		}
		return poly.New(poly.Config{URL: srv.URL, Credentials: poly.Credentials{APIKey: key},
			Profiles: map[string]string{redirecttest.URL: "p-1", redirecttest.MovedURL: "p-2"}})
	}
	redirecttest.Run(t, redirecttest.Harness{Service: "Poly ZTP", Fake: fake.Fake, Connect: connect, OwnLookup: true})

	t.Run("URL without a profile", func(t *testing.T) {
		err := connect(true).Register(t.Context(), redirect.Device{MAC: "00:04:f2:00:00:01"}, "https://elsewhere.example/ztp/")
		if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
			t.Fatalf("got %v, want a permanent EINVALID naming the missing profile", err)
		}
	})
}

func FuzzAnswers(f *testing.F) {
	redirecttest.FuzzAnswers(f, []string{`{"id":"001565000099","profileid":"p-1"}`, `{"message":"Not Found"}`},
		func(url string) redirect.Connector {
			return poly.New(poly.Config{URL: url, Credentials: poly.Credentials{APIKey: "k"},
				Profiles: map[string]string{redirecttest.URL: "p-1"}})
		})
}
