package sip

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// readStreamMessage reads one SIP message without a body from a stream.
func readStreamMessage(t *testing.T, r *bufio.Reader, c net.Conn) sip.Message {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read: %v (so far %q)", err, b.String())
		}
		b.WriteString(line)
		if line == "\r\n" && b.Len() > 2 {
			break
		}
	}
	m, err := sip.ParseMessage([]byte(b.String()))
	if err != nil {
		t.Fatalf("parse %q: %v", b.String(), err)
	}
	return m
}

// TestNotifyOverTCPConnection registers over TCP and checks the NOTIFY
// comes back over the very connection the phone opened (the only way to
// reach a phone behind NAT over TCP).
func TestNotifyOverTCPConnection(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("tina1", "dev-t", testRealm, "pw-t", false)
	c, err := net.Dial("tcp", ts.tcp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	local := c.LocalAddr().String()
	reg := func(cseq, auth string) *sip.Response {
		msg := "REGISTER sip:" + testRealm + " SIP/2.0\r\nVia: SIP/2.0/TCP " + local + ";branch=" + sip.GenerateBranch() + "\r\n" +
			"Max-Forwards: 70\r\nFrom: <sip:tina1@" + testRealm + ">;tag=t1\r\nTo: <sip:tina1@" + testRealm + ">\r\n" +
			"Call-ID: tcp-tina\r\nCSeq: " + cseq + " REGISTER\r\nContact: <sip:tina1@" + local + ";transport=tcp>\r\n" + auth +
			"Content-Length: 0\r\n\r\n"
		if _, err := c.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		res, ok := readStreamMessage(t, r, c).(*sip.Response)
		if !ok {
			t.Fatal("expected a response")
		}
		return res
	}
	ch401 := reg("1", "")
	wantCode(t, ch401, 401)
	chal, err := digest.ParseChallenge(ch401.GetHeader("WWW-Authenticate").Value())
	if err != nil {
		t.Fatal(err)
	}
	cred := digest.Credentials{Username: "tina1", Realm: chal.Realm, Nonce: chal.Nonce, URI: "sip:" + testRealm,
		Algorithm: chal.Algorithm, QOP: "auth", NC: "00000001", CNonce: "abc"}
	cred.Response = digest.Response(cred.Algorithm, digest.HA1(cred.Algorithm, "tina1", chal.Realm, "pw-t"), "REGISTER", cred.URI, cred.Nonce, cred.NC, cred.CNonce, cred.QOP)
	wantCode(t, reg("2", "Authorization: "+cred.String()+"\r\n"), 200)

	done := make(chan []Outcome, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
		defer cancel()
		out, _ := ts.Notify(ctx, "dev-t", "check-sync", false)
		done <- out
	}()
	req, ok := readStreamMessage(t, r, c).(*sip.Request)
	if !ok || req.Method != sip.NOTIFY || req.GetHeader("Event").Value() != "check-sync;reboot=false" {
		t.Fatalf("expected the NOTIFY on the phone's connection, got %v", req)
	}
	resp := "SIP/2.0 200 OK\r\n"
	for _, h := range req.GetHeaders("Via") {
		resp += "Via: " + h.Value() + "\r\n"
	}
	resp += "From: " + req.From().Value() + "\r\nTo: " + req.To().Value() + ";tag=x\r\nCall-ID: " + req.CallID().Value() +
		"\r\nCSeq: " + req.CSeq().Value() + "\r\nContent-Length: 0\r\n\r\n"
	c.Write([]byte(resp))
	out := <-done
	if len(out) != 1 || out[0].State != OutcomeAnswered || out[0].Code != 200 || out[0].Transport != "TCP" {
		t.Fatalf("outcomes %+v", out)
	}
}
