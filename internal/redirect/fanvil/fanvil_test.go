package fanvil_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil"
	"github.com/switchboard-pbx/switchboard/internal/redirect/fanvil/fanviltest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func connect(url, secret string) redirect.Connector {
	return fanvil.New(fanvil.Config{URL: url + fanviltest.Path,
		Credentials: fanvil.Credentials{User: redirecttest.Ours, Password: redirect.Secret(secret)}})
}

func TestConnector(t *testing.T) {
	fake := fanviltest.New("right-password")
	redirecttest.Run(t, redirecttest.Harness{Service: "Fanvil FDPS", Fake: fake.Fake, Handler: fake,
		Secret: "right-password", Connect: connect, NoLookup: true})
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
	redirecttest.FuzzAnswers(f, []string{string(ok), string(gone)}, connect)
}
