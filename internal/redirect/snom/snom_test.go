package snom_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom"
	"github.com/switchboard-pbx/switchboard/internal/redirect/snom/snomtest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func connect(url, secret string) redirect.Connector {
	return snom.New(snom.Config{URL: url + snomtest.Path,
		Credentials: snom.Credentials{User: redirecttest.Ours, Password: redirect.Secret(secret)}})
}

func TestConnector(t *testing.T) {
	fake := snomtest.New("right-password")
	redirecttest.Run(t, redirecttest.Harness{Service: "Snom SRAPS", Fake: fake.Fake, Handler: fake,
		Secret: "right-password", Connect: connect})
}

func FuzzAnswers(f *testing.F) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, "https://pbx.example/ztp/"})
	no, _ := xmlrpc.EncodeResponse([]any{false, "owned_by_other_user"})
	redirecttest.FuzzAnswers(f, []string{string(ok), string(no)}, connect)
}
