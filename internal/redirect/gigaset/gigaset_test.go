package gigaset_test

import (
	"net/http/httptest"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/gigaset"
	"github.com/switchboard-pbx/switchboard/internal/redirect/gigaset/gigasettest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func TestConnector(t *testing.T) {
	fake := gigasettest.New("right-password")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	connect := func(right bool) redirect.Connector {
		pw := redirect.Secret("right-password")
		if !right {
			pw = "wrong-password"
		}
		return gigaset.New(gigaset.Config{URL: srv.URL + gigasettest.Path,
			Credentials: gigaset.Credentials{User: redirecttest.Ours, Password: pw}})
	}
	redirecttest.Run(t, redirecttest.Harness{Service: "Gigaset", Fake: fake.Fake, Connect: connect, NoLookup: true})

	t.Run("MAC-ID code", func(t *testing.T) {
		c := connect(true)
		for _, code := range []string{"", "12345", "0000"} {
			err := c.Register(t.Context(), redirect.Device{MAC: "00:15:65:00:00:09", Code: code}, "https://pbx.example/ztp/")
			if switchboard.ErrorCode(err) != switchboard.EINVALID || redirect.Retryable(err) {
				t.Errorf("code %q: got %v, want a permanent EINVALID", code, err)
			}
		}
	})
}

func FuzzAnswers(f *testing.F) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, "ok"})
	redirecttest.FuzzAnswers(f, []string{string(ok), string(xmlrpc.EncodeFault(xmlrpc.Fault{Code: 1, Message: "x"}))}, func(url string) redirect.Connector {
		return gigaset.New(gigaset.Config{URL: url, Credentials: gigaset.Credentials{User: "u", Password: "p"}})
	})
}
