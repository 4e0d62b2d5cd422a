package poly_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly"
	"github.com/switchboard-pbx/switchboard/internal/redirect/poly/polytest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

func connect(url, secret string) redirect.Connector {
	return poly.New(poly.Config{URL: url, Credentials: poly.Credentials{APIKey: redirect.Secret(secret)},
		Profiles: map[string]string{redirecttest.URL: "p-1", redirecttest.MovedURL: "p-2"}})
}

func TestConnector(t *testing.T) {
	fake := polytest.New("right-key", map[string]string{"p-1": redirecttest.URL, "p-2": redirecttest.MovedURL})
	redirecttest.Run(t, redirecttest.Harness{Service: "Poly ZTP", Fake: fake.Fake, Handler: fake,
		Secret: "right-key", Connect: connect, OwnLookup: true})
}

func TestURLWithoutProfile(t *testing.T) {
	err := connect("http://127.0.0.1:9", "k").Register(t.Context(), redirect.Device{MAC: "00:04:f2:00:00:01"}, "https://elsewhere.example/ztp/")
	if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
		t.Fatalf("got %v, want a permanent EINVALID naming the missing profile", err)
	}
}

func FuzzAnswers(f *testing.F) {
	redirecttest.FuzzAnswers(f, []string{`{"id":"001565000099","profileid":"p-1"}`, `{"message":"Not Found"}`}, connect)
}
