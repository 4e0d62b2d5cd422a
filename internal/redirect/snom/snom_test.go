package snom_test

import (
	"net/http/httptest"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom/snomtest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func TestConnector(t *testing.T) {
	fake := snomtest.New("right-password")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	redirecttest.Run(t, redirecttest.Harness{
		Service: "Snom SRAPS",
		Fake:    fake.Fake,
		Connect: func(right bool) redirect.Connector {
			pw := redirect.Secret("right-password")
			if !right {
				pw = "wrong-password"
			}
			return snom.New(snom.Config{URL: srv.URL + snomtest.Path,
				Credentials: snom.Credentials{User: redirecttest.Ours, Password: pw}})
		},
	})
}

func FuzzAnswers(f *testing.F) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, "https://pbx.example/ztp/"})
	no, _ := xmlrpc.EncodeResponse([]any{false, "owned_by_other_user"})
	redirecttest.FuzzAnswers(f, []string{string(ok), string(no)}, func(url string) redirect.Connector {
		return snom.New(snom.Config{URL: url, Credentials: snom.Credentials{User: "u", Password: "p"}})
	})
}
