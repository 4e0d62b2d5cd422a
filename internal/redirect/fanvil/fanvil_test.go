package fanvil_test

import (
	"net/http/httptest"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil/fanviltest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func TestConnector(t *testing.T) {
	fake := fanviltest.New("right-password")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	redirecttest.Run(t, redirecttest.Harness{
		Service:  "Fanvil FDPS",
		Fake:     fake.Fake,
		NoLookup: true,
		Connect: func(right bool) redirect.Connector {
			pw := redirect.Secret("right-password")
			if !right {
				pw = "wrong-password"
			}
			return fanvil.New(fanvil.Config{URL: srv.URL + fanviltest.Path,
				Credentials: fanvil.Credentials{User: redirecttest.Ours, Password: pw}})
		},
	})
}

// TestDigest pins the password digest to one computed with md5sum:
// md5("secret") = 5ebe2294ecd0e0f08eab7690d2a6ee69, then the MD5 of that hex.
func TestDigest(t *testing.T) {
	if got, want := fanvil.Digest("secret"), "7022cd14c42ff272619d6beacdc9ffde"; got != want {
		t.Fatalf("Digest(secret) = %s, want %s", got, want)
	}
}

func FuzzAnswers(f *testing.F) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, "ok"})
	gone, _ := xmlrpc.EncodeResponse([]any{false, "server_not_exist"})
	redirecttest.FuzzAnswers(f, []string{string(ok), string(gone)}, func(url string) redirect.Connector {
		return fanvil.New(fanvil.Config{URL: url, Credentials: fanvil.Credentials{User: "u", Password: "p"}})
	})
}
