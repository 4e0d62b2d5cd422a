package yealink_test

import (
	"net/url"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/redirecttest"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink"
	"github.com/switchboard-pbx/switchboard/internal/redirect/yealink/yealinktest"
)

func connect(url, secret string) redirect.Connector {
	return yealink.New(yealink.Config{URL: url,
		Credentials: yealink.Credentials{AccessKeyID: redirecttest.Ours, AccessKeySecret: redirect.Secret(secret)}})
}

func TestConnector(t *testing.T) {
	fake := yealinktest.New("right-secret")
	redirecttest.Run(t, redirecttest.Harness{Service: "Yealink RPS", Fake: fake.Fake, Handler: fake,
		Secret: "right-secret", Connect: connect})
}

// TestSign pins the string to sign to a signature computed with openssl:
//
//	printf 'POST\nContent-MD5:abc\nX-Ca-Key:k\nX-Ca-Nonce:n\nX-Ca-Timestamp:1\napi/open/v1/device/checkMac\nmac=001565abcdef' |
//	  openssl dgst -sha256 -hmac s -binary | base64
func TestSign(t *testing.T) {
	u, _ := url.Parse("https://rps.example/api/open/v1/device/checkMac?mac=001565abcdef")
	got := yealink.Sign("s", "POST", "abc", "k", "n", "1", u)
	if want := "FxJkqiamm+OjA64OUKMDqzICySLnOBgTYrPbyQLC+3c="; got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

func FuzzAnswers(f *testing.F) {
	redirecttest.FuzzAnswers(f, []string{
		`{"ret":1,"data":{"total":1,"data":[{"id":"d1","mac":"001565000099","uniqueServerUrl":"https://x/"}]},"error":null}`,
		`{"ret":1,"data":true,"error":null}`,
		`{"ret":0,"data":null,"error":{"msg":"device already exists"}}`,
	}, connect)
}
