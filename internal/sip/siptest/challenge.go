package siptest

import (
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// ChallengeNotify waits for a NOTIFY, challenges it for digest credentials
// in realm (MD5, no qop), and answers the authorized retry 200 when it
// carries the right response for user and password, else 403. It returns
// the retry's Event header and the user name it authenticated as, "" when
// it did not.
func (p *Phone) ChallengeNotify(timeout time.Duration, realm, user, password string) (event, authenticated string) {
	p.t.Helper()
	const nonce = "siptest-notify-nonce"
	first := p.waitRequest("NOTIFY ", timeout)
	p.answerWith(first, 401, "Unauthorized", fmt.Sprintf("WWW-Authenticate: Digest realm=%q, nonce=%q, algorithm=MD5\r\n", realm, nonce))
	retry := p.waitRequest("NOTIFY ", timeout)
	c, err := digest.ParseCredentials(retry.Headers.Get("Authorization"))
	if err != nil {
		p.answer(retry, 403, "Forbidden")
		return retry.Headers.Get("Event"), ""
	}
	want := digest.Response("MD5", digest.HA1("MD5", user, realm, password), "NOTIFY", c.URI, nonce, c.NC, c.CNonce, c.QOP)
	if c.Username != user || c.Nonce != nonce || subtle.ConstantTimeCompare([]byte(c.Response), []byte(want)) != 1 {
		p.answer(retry, 403, "Forbidden")
		return retry.Headers.Get("Event"), ""
	}
	p.answer(retry, 200, "OK")
	return retry.Headers.Get("Event"), c.Username
}

// waitRequest waits for a request whose first line starts with prefix,
// ignoring anything else.
func (p *Phone) waitRequest(prefix string, timeout time.Duration) *Msg {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		m, err := p.recv(time.Until(deadline))
		if err != nil {
			break
		}
		if strings.HasPrefix(m.First, prefix) {
			return m
		}
	}
	p.t.Fatalf("no %s within %v", strings.TrimSpace(prefix), timeout)
	return nil
}

// answerWith replies to a request with extra header lines.
func (p *Phone) answerWith(req *Msg, code int, reason, extra string) {
	var b strings.Builder
	fmt.Fprintf(&b, "SIP/2.0 %d %s\r\n", code, reason)
	for _, v := range req.Headers.Values("Via") {
		fmt.Fprintf(&b, "Via: %s\r\n", v)
	}
	for _, k := range []string{"From", "To", "Call-Id", "Cseq"} {
		fmt.Fprintf(&b, "%s: %s\r\n", k, req.Headers.Get(k))
	}
	b.WriteString(extra)
	b.WriteString("Content-Length: 0\r\n\r\n")
	p.send(b.String())
}

// SetUserAgent sets the User-Agent of the phone's next REGISTERs, e.g. one
// naming a MAC as many firmwares do.
func (p *Phone) SetUserAgent(ua string) { p.ua = ua }
