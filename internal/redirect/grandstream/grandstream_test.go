package grandstream_test

import (
	"net/http/httptest"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream"
	"github.com/switchboard-pbx/switchboard/internal/redirect/grandstream/grandstreamtest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
)

func TestConnector(t *testing.T) {
	fake := grandstreamtest.New(grandstreamtest.Account{Password: "right", ClientID: "1", ClientSecret: "client-secret"})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	connect := func(right bool) redirect.Connector {
		pw := redirect.Secret("right")
		if !right {
			pw = "wrong"
		}
		return grandstream.New(grandstream.Config{URL: srv.URL, SiteID: 7, Credentials: grandstream.Credentials{
			User: redirecttest.Ours, Password: pw, ClientID: "1", ClientSecret: "client-secret"}})
	}
	redirecttest.Run(t, redirecttest.Harness{Service: "Grandstream GDMS", Fake: fake.Fake, Connect: connect,
		NoLookup: true, OwnedCode: switchboard.EINVALID})

	t.Run("serial number", func(t *testing.T) {
		for _, sn := range []string{"", "WRONG"} {
			err := connect(true).Register(t.Context(), redirect.Device{MAC: "00:0b:82:00:00:01", Code: sn}, redirecttest.URL)
			if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
				t.Errorf("serial %q: got %v, want a permanent EINVALID", sn, err)
			}
		}
	})
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
	redirecttest.FuzzAnswers(f, []string{`{"access_token":"t","expires_in":3600,"retCode":0,"msg":"success"}`, `{"retCode":3,"msg":"device has been added"}`},
		func(url string) redirect.Connector {
			return grandstream.New(grandstream.Config{URL: url, SiteID: 1, Credentials: grandstream.Credentials{
				User: "u", Password: "p", ClientID: "1", ClientSecret: "s"}})
		})
}
