// Package siptest is a minimal SIP phone for tests of the registrar and of
// serve: it registers with digest over UDP, TCP or TLS from one socket and
// answers a NOTIFY with 200, as a desk phone does, so tests need no outside
// tool.
package siptest

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// Phone is one phone on one socket.
type Phone struct {
	t         testing.TB
	conn      net.Conn
	rd        *bufio.Reader
	transport string
	callID    string
	cseq      int
	ua        string
}

// Msg is a received message: its first line, headers and body.
type Msg struct {
	First   string
	Headers textproto.MIMEHeader
}

// Dial opens the phone's socket to the registrar at addr; transport is
// UDP, TCP or TLS (the certificate is not checked). The socket is closed
// when the test ends.
func Dial(t testing.TB, transport, addr string) *Phone {
	t.Helper()
	var c net.Conn
	var err error
	switch transport {
	case "UDP":
		c, err = net.Dial("udp", addr)
	case "TCP":
		c, err = net.Dial("tcp", addr)
	case "TLS":
		c, err = tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	}
	if err != nil {
		t.Fatalf("dial SIP %s %s: %v", transport, addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return &Phone{t: t, conn: c, rd: bufio.NewReaderSize(c, 65536), transport: transport,
		callID: fmt.Sprintf("%d@test", time.Now().UnixNano()), ua: "Switchboard test phone"}
}

// Local is the phone's own address.
func (p *Phone) Local() string { return p.conn.LocalAddr().String() }

// recv reads one message, or fails after timeout.
func (p *Phone) recv(timeout time.Duration) (*Msg, error) {
	_ = p.conn.SetReadDeadline(time.Now().Add(timeout))
	var r *bufio.Reader
	if p.transport == "UDP" {
		buf := make([]byte, 65536)
		n, err := p.conn.Read(buf)
		if err != nil {
			return nil, err
		}
		r = bufio.NewReader(strings.NewReader(string(buf[:n])))
	} else {
		r = p.rd
	}
	tp := textproto.NewReader(r)
	first, err := tp.ReadLine()
	if err != nil {
		return nil, err
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil && err != io.EOF {
		return nil, err
	}
	if n, _ := strconv.Atoi(h.Get("Content-Length")); n > 0 {
		if _, err := io.ReadFull(r, make([]byte, n)); err != nil {
			return nil, err
		}
	}
	return &Msg{First: first, Headers: h}, nil
}

// response waits for the next response, answering requests that come in
// meanwhile.
func (p *Phone) response() *Msg {
	p.t.Helper()
	for {
		m, err := p.recv(5 * time.Second)
		if err != nil {
			p.t.Fatalf("no SIP response: %v", err)
		}
		if strings.HasPrefix(m.First, "SIP/2.0 ") {
			return m
		}
		p.answer(m, 200, "OK")
	}
}

// Code returns a response's status code and reason.
func (m *Msg) Code() (int, string) {
	parts := strings.SplitN(m.First, " ", 3)
	n, _ := strconv.Atoi(parts[1])
	if len(parts) < 3 {
		return n, ""
	}
	return n, parts[2]
}

// answer replies to a request.
func (p *Phone) answer(req *Msg, code int, reason string) {
	p.answerWith(req, code, reason, "")
}

func (p *Phone) send(msg string) {
	p.t.Helper()
	if _, err := p.conn.Write([]byte(msg)); err != nil {
		p.t.Fatalf("send: %v", err)
	}
}

// Register sends REGISTER for user@domain, answers the digest challenge
// with password (MD5, qop=auth) and returns the final code and reason.
func (p *Phone) Register(user, domain, password string, expires int) (int, string) {
	p.t.Helper()
	p.sendRegister(user, domain, expires, "")
	res := p.response()
	code, reason := res.Code()
	if code != 401 {
		return code, reason
	}
	ch, err := digest.ParseChallenge(res.Headers.Values("Www-Authenticate")[0])
	if err != nil {
		p.t.Fatalf("challenge: %v", err)
	}
	uri := "sip:" + domain
	cnonce := strconv.FormatInt(time.Now().UnixNano(), 16)
	ha1 := digest.HA1(ch.Algorithm, user, ch.Realm, password)
	cred := digest.Credentials{Username: user, Realm: ch.Realm, Nonce: ch.Nonce, URI: uri, Algorithm: ch.Algorithm,
		CNonce: cnonce, QOP: "auth", NC: "00000001", Opaque: ch.Opaque,
		Response: digest.Response(ch.Algorithm, ha1, "REGISTER", uri, ch.Nonce, "00000001", cnonce, "auth")}
	p.sendRegister(user, domain, expires, "Authorization: "+cred.String()+"\r\n")
	return p.response().Code()
}

func (p *Phone) sendRegister(user, domain string, expires int, auth string) {
	p.cseq++
	branch := fmt.Sprintf("z9hG4bK%d", time.Now().UnixNano())
	p.send(fmt.Sprintf("REGISTER sip:%s SIP/2.0\r\n"+
		"Via: SIP/2.0/%s %s;branch=%s;rport\r\n"+
		"From: <sip:%s@%s>;tag=t%d\r\nTo: <sip:%s@%s>\r\nCall-ID: %s\r\nCSeq: %d REGISTER\r\n"+
		"Contact: <sip:%s@%s;transport=%s>\r\nExpires: %d\r\nUser-Agent: %s\r\nMax-Forwards: 70\r\n%sContent-Length: 0\r\n\r\n",
		domain, p.transport, p.Local(), branch, user, domain, p.cseq, user, domain, p.callID, p.cseq,
		user, p.Local(), strings.ToLower(p.transport), expires, p.ua, auth))
}

// WaitNotify waits for a NOTIFY, answers it 200 and returns it.
func (p *Phone) WaitNotify(timeout time.Duration) *Msg {
	p.t.Helper()
	m := p.waitRequest("NOTIFY ", timeout)
	p.answer(m, 200, "OK")
	return m
}
