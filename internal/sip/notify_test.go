package sip

import (
	"bufio"
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// readRequest reads the next request arriving at the phone.
func (p *phone) readRequest(timeout time.Duration) (*sip.Request, *net.UDPAddr) {
	p.t.Helper()
	req, from := next[*sip.Request](p, timeout)
	if req == nil {
		p.t.Fatal("no request arrived")
	}
	return req, from
}

// notifyResult is what a NOTIFY sent in the background ended with.
type notifyResult struct {
	out []Outcome
	err error
}

// notifyLater sends event to the device's bindings in the background,
// giving up after limit, while the test plays the phone.
func (ts *testServer) notifyLater(device, event string, reboot bool, limit time.Duration) <-chan notifyResult {
	done := make(chan notifyResult, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		out, err := ts.Notify(ctx, device, event, reboot)
		done <- notifyResult{out, err}
	}()
	return done
}

// reply answers req from the phone with code and extra header lines.
func (p *phone) reply(req *sip.Request, to *net.UDPAddr, code int, reason string, extra ...string) {
	p.t.Helper()
	if _, err := p.conn.WriteToUDP([]byte(replyText(req, code, reason, "ph1", extra...)), to); err != nil {
		p.t.Fatal(err)
	}
}

// replyText is a phone's answer to req: its Via, From, Call-ID and CSeq,
// To with the tag, and the extra header lines.
func replyText(req *sip.Request, code int, reason, tag string, extra ...string) string {
	msg := "SIP/2.0 " + strconv.Itoa(code) + " " + reason + "\r\n"
	for _, h := range req.GetHeaders("Via") {
		msg += "Via: " + h.Value() + "\r\n"
	}
	msg += "From: " + req.From().Value() + "\r\nTo: " + req.To().Value() + ";tag=" + tag + "\r\n" +
		"Call-ID: " + req.CallID().Value() + "\r\nCSeq: " + req.CSeq().Value() + "\r\n"
	for _, e := range extra {
		msg += e + "\r\n"
	}
	return msg + "Content-Length: 0\r\n\r\n"
}

func TestNotifyAnswersPhoneChallenge(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("lisa1", "dev-l", testRealm, "pw-lisa", false)
	p := newPhone(t, ts.udp, "lisa1", "pw-lisa")
	wantCode(t, p.register("Contact: "+p.contact()), 200)

	done := ts.notifyLater("dev-l", "check-sync", true, 5*time.Second)

	req, from := p.readRequest(3 * time.Second)
	if req.Method != sip.NOTIFY || req.GetHeader("Event").Value() != "check-sync;reboot=true" ||
		req.GetHeader("Subscription-State").Value() != "terminated" || req.Recipient.User != "lisa1" {
		t.Fatalf("unexpected request:\n%s", req)
	}
	if from.String() != ts.udp {
		t.Fatalf("NOTIFY came from %s, not from the socket the phone registered with (%s)", from, ts.udp)
	}
	p.reply(req, from, 401, "Unauthorized", `WWW-Authenticate: Digest realm="phone", nonce="pn1", qop="auth", algorithm=MD5`)

	req2, from := p.readRequest(3 * time.Second)
	h := req2.GetHeader("Authorization")
	if h == nil {
		t.Fatalf("second NOTIFY without credentials:\n%s", req2)
	}
	cred, err := digest.ParseCredentials(h.Value())
	if err != nil {
		t.Fatal(err)
	}
	if cred.Username != "lisa1" || !digest.Check(cred, digest.HA1(digest.MD5, "lisa1", "phone", "pw-lisa"), "NOTIFY") {
		t.Fatalf("NOTIFY credentials do not verify: %s", h.Value())
	}
	if req2.CSeq().SeqNo != req.CSeq().SeqNo+1 {
		t.Fatalf("CSeq not incremented: %d then %d", req.CSeq().SeqNo, req2.CSeq().SeqNo)
	}
	p.reply(req2, from, 200, "OK")

	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.out) != 1 || r.out[0].State != OutcomeAnswered || r.out[0].Code != 200 {
		t.Fatalf("outcomes %+v", r.out)
	}
}

func TestNotifyOfflineDeviceAndTimeout(t *testing.T) {
	ts := startServer(t, nil)
	if _, err := ts.Notify(context.Background(), "dev-none", "check-sync", false); err == nil {
		t.Fatal("NOTIFY to a device without bindings did not fail")
	}
	ts.accounts.add("mike1", "dev-m", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "mike1", "pw")
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	ctx, cancel := context.WithTimeout(context.Background(), 1200*time.Millisecond)
	defer cancel()
	out, err := ts.Notify(ctx, "dev-m", "check-sync", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].State != OutcomeSent {
		t.Fatalf("unanswered NOTIFY: %+v", out)
	}
	// The phone saw the NOTIFY and its retransmission.
	first, _ := p.readRequest(time.Second)
	second, _ := p.readRequest(time.Second)
	if first.GetHeader("Event").Value() != "check-sync;reboot=false" || second.CallID().Value() != first.CallID().Value() {
		t.Fatalf("expected the NOTIFY and its retransmission, got\n%s\n%s", first, second)
	}
	if _, err := ts.Notify(context.Background(), "dev-m", "check-sync\r\nX: y", false); err == nil {
		t.Fatal("event name with header injection accepted")
	}
}

// TestNotifyToLoadedBinding sends to a binding restored by Load, whose
// phone has not sent anything to this server process yet.
func TestNotifyToLoadedBinding(t *testing.T) {
	ts := startServer(t, nil)
	p := newPhone(t, ts.udp, "rita1", "pw")
	ts.Load([]Binding{{DeviceID: "dev-r", Username: "rita1", AOR: "sip:rita1@" + testRealm, Contact: "sip:rita1@" + p.local(),
		Source: p.local(), Transport: "UDP", Expires: time.Now().Add(time.Hour), RegisteredAt: time.Now()}})
	done := ts.notifyLater("dev-r", "check-sync", true, 3*time.Second)
	req, from := p.readRequest(2 * time.Second)
	p.reply(req, from, 200, "OK")
	if r := <-done; len(r.out) != 1 || r.out[0].State != OutcomeAnswered {
		t.Fatalf("outcomes %+v", r.out)
	}
}

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
	cred := registerCredentials(chal, "tina1", "pw-t", "abc")
	wantCode(t, reg("2", "Authorization: "+cred.String()+"\r\n"), 200)

	done := ts.notifyLater("dev-t", "check-sync", false, 4*time.Second)
	req, ok := readStreamMessage(t, r, c).(*sip.Request)
	if !ok || req.Method != sip.NOTIFY || req.GetHeader("Event").Value() != "check-sync;reboot=false" {
		t.Fatalf("expected the NOTIFY on the phone's connection, got %v", req)
	}
	c.Write([]byte(replyText(req, 200, "OK", "x")))
	out := (<-done).out
	if len(out) != 1 || out[0].State != OutcomeAnswered || out[0].Code != 200 || out[0].Transport != "TCP" {
		t.Fatalf("outcomes %+v", out)
	}
}
