package gigaset_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/gigaset"
	"github.com/switchboard-pbx/switchboard/internal/redirect/gigaset/gigasettest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func connect(url, secret string) redirect.Connector {
	return gigaset.New(gigaset.Config{URL: url + gigasettest.Path,
		Credentials: gigaset.Credentials{User: redirecttest.Ours, Password: redirect.Secret(secret)}})
}

func TestConnector(t *testing.T) {
	fake := gigasettest.New("right-password")
	redirecttest.Run(t, redirecttest.Harness{Service: "Gigaset", Fake: fake.Fake, Handler: fake,
		Secret: "right-password", Connect: connect, NoLookup: true})
}

func TestMACIDCode(t *testing.T) {
	c := connect("http://127.0.0.1:9", "unused")
	for _, code := range []string{"", "12345", " 12 "} {
		err := c.Register(t.Context(), redirect.Device{MAC: "00:15:65:00:00:09", Code: code}, redirecttest.URL)
		if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
			t.Errorf("code %q: got %v, want a permanent EINVALID before any call", code, err)
		}
	}
}

func FuzzAnswers(f *testing.F) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, "ok"})
	fault := xmlrpc.EncodeFault(xmlrpc.Fault{Code: 1, Message: "x"})
	redirecttest.FuzzAnswers(f, []string{string(ok), string(fault)}, connect)
}
