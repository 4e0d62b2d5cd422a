package snom_test

import (
	"net/http/httptest"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom/snomtest"
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
