package grandstream_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream/grandstreamtest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

func connect(url, secret string) redirect.Connector {
	return grandstream.New(grandstream.Config{URL: url, SiteID: 7, Credentials: grandstream.Credentials{
		User: redirecttest.Ours, Password: redirect.Secret(secret), ClientID: "1", ClientSecret: "client-secret"}})
}

func TestConnector(t *testing.T) {
	fake := grandstreamtest.New(grandstreamtest.Account{Password: "right", ClientID: "1", ClientSecret: "client-secret"})
	redirecttest.Run(t, redirecttest.Harness{Service: "Grandstream GDMS", Fake: fake.Fake, Handler: fake,
		Secret: "right", Connect: connect, NoLookup: true, OwnedCode: switchboard.EINVALID})
}

func TestSerialNumberRequired(t *testing.T) {
	err := connect("http://127.0.0.1:9", "x").Register(t.Context(), redirect.Device{MAC: "00:0b:82:00:00:01"}, redirecttest.URL)
	if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
		t.Errorf("got %v, want a permanent EINVALID before any call", err)
	}
}

// TestDigests pins the digests to values computed with coreutils:
// printf secret | md5sum, then printf 5ebe2294ecd0e0f08eab7690d2a6ee69 | sha256sum; and
// printf '&access_token=t&client_id=1&client_secret=s&timestamp=1&' | sha256sum.
func TestDigests(t *testing.T) {
	if got, want := grandstream.PasswordDigest("secret"), "9f9dd1d2e3f189e7929a73ef1f5b54873622f64cc15210133c5085b5175325df"; got != want {
		t.Errorf("PasswordDigest = %s, want %s", got, want)
	}
	if got, want := grandstream.Signature("t", "1", "s", "1", nil), "13d953857ac76b0e31c28b8cfb7d02557e2961113c97a4aaff0df6bd84c8999f"; got != want {
		t.Errorf("Signature = %s, want %s", got, want)
	}
}

func FuzzAnswers(f *testing.F) {
	redirecttest.FuzzAnswers(f, []string{`{"access_token":"t","expires_in":3600,"retCode":0,"msg":"success"}`,
		`{"retCode":3,"msg":"device has been added"}`}, connect)
}
