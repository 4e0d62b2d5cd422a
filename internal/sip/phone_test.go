package sip

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// phone is a minimal UDP SIP client written from raw text, so tests
// control every header the registrar sees.
type phone struct {
	t         *testing.T
	conn      *net.UDPConn
	server    *net.UDPAddr
	user      string
	password  string
	callID    string
	cseq      int
	ua        string
	algorithm string
	// lastAuth is the Authorization header of the last authenticated try.
	lastAuth   string
	lastBranch string
}

func newPhone(t *testing.T, server, user, password string) *phone {
	t.Helper()
	raddr, err := net.ResolveUDPAddr("udp", server)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &phone{t: t, conn: c, server: raddr, user: user, password: password,
		callID: fmt.Sprintf("call-%s-%d", user, time.Now().UnixNano()), cseq: 1, ua: "TestPhone 1.0"}
}

func (p *phone) local() string { return p.conn.LocalAddr().String() }

func (p *phone) contact() string { return "<sip:" + p.user + "@" + p.local() + ">" }

// send writes one REGISTER with the given branch and extra header lines
// and returns the first response, or nil after a timeout.
func (p *phone) send(branch string, extra ...string) *sip.Response {
	p.t.Helper()
	msg := "REGISTER sip:" + testRealm + " SIP/2.0\r\n" +
		"Via: SIP/2.0/UDP " + p.local() + ";branch=" + branch + ";rport\r\n" +
		"Max-Forwards: 70\r\n" +
		"From: <sip:" + p.user + "@" + testRealm + ">;tag=ft1\r\n" +
		"To: <sip:" + p.user + "@" + testRealm + ">\r\n" +
		"Call-ID: " + p.callID + "\r\n" +
		fmt.Sprintf("CSeq: %d REGISTER\r\n", p.cseq) +
		"User-Agent: " + p.ua + "\r\n"
	for _, e := range extra {
		msg += e + "\r\n"
	}
	msg += "Content-Length: 0\r\n\r\n"
	if _, err := p.conn.WriteToUDP([]byte(msg), p.server); err != nil {
		p.t.Fatal(err)
	}
	return p.read(2 * time.Second)
}

// read returns the next answer arriving at the phone, nil if none comes
// within timeout.
func (p *phone) read(timeout time.Duration) *sip.Response {
	p.t.Helper()
	res, _ := next[*sip.Response](p, timeout)
	return res
}

// next returns the next message of type M arriving at the phone and its
// sender, skipping others; the zero M if none comes within timeout.
func next[M sip.Message](p *phone, timeout time.Duration) (M, *net.UDPAddr) {
	p.t.Helper()
	buf := make([]byte, 65535)
	p.conn.SetReadDeadline(time.Now().Add(timeout))
	for {
		n, from, err := p.conn.ReadFromUDP(buf)
		if err != nil {
			var none M
			return none, nil
		}
		m, err := sip.ParseMessage(buf[:n])
		if err != nil {
			p.t.Fatalf("unparsable message: %v\n%s", err, buf[:n])
		}
		if want, ok := m.(M); ok {
			return want, from
		}
	}
}

// register performs REGISTER, 401, REGISTER with credentials, and returns
// the final answer. extra lines go into both requests.
func (p *phone) register(extra ...string) *sip.Response {
	p.t.Helper()
	p.cseq++
	res := p.send(sip.GenerateBranch(), extra...)
	if res == nil {
		p.t.Fatal("no answer to REGISTER")
	}
	if res.StatusCode != 401 {
		return res
	}
	return p.answer(res, extra...)
}

// registerCredentials answers the challenge ch for a REGISTER to the test
// realm as user with password, with the client nonce cnonce.
func registerCredentials(ch *digest.Challenge, user, password, cnonce string) digest.Credentials {
	cred := digest.Credentials{Username: user, Realm: ch.Realm, Nonce: ch.Nonce, URI: "sip:" + testRealm,
		Algorithm: ch.Algorithm, QOP: "auth", NC: "00000001", CNonce: cnonce}
	cred.Response = digest.Response(cred.Algorithm, digest.HA1(cred.Algorithm, user, ch.Realm, password),
		"REGISTER", cred.URI, cred.Nonce, cred.NC, cred.CNonce, cred.QOP)
	return cred
}

// answer repeats the REGISTER with credentials for the challenge in res.
func (p *phone) answer(res *sip.Response, extra ...string) *sip.Response {
	p.t.Helper()
	var ch *digest.Challenge
	for _, h := range res.GetHeaders("WWW-Authenticate") {
		c, err := digest.ParseChallenge(h.Value())
		if err != nil {
			p.t.Fatalf("bad challenge %q: %v", h.Value(), err)
		}
		if p.algorithm == "" || strings.EqualFold(c.Algorithm, p.algorithm) {
			ch = c
			break
		}
	}
	if ch == nil {
		p.t.Fatalf("no %s challenge in %s", p.algorithm, res)
	}
	cred := registerCredentials(ch, p.user, p.password, "cn"+p.callID)
	p.cseq++
	p.lastAuth = "Authorization: " + cred.String()
	p.lastBranch = sip.GenerateBranch()
	out := p.send(p.lastBranch, append(extra, p.lastAuth)...)
	if out == nil {
		p.t.Fatal("no answer to authenticated REGISTER")
	}
	return out
}

func wantCode(t *testing.T, res *sip.Response, code int) {
	t.Helper()
	if res == nil {
		t.Fatalf("no answer, want %d", code)
	}
	if res.StatusCode != code {
		t.Fatalf("answer %d %s, want %d\n%s", res.StatusCode, res.Reason, code, res)
	}
}
