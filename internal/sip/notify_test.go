package sip

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// readRequest reads the next request arriving at the phone.
func (p *phone) readRequest(timeout time.Duration) (*sip.Request, *net.UDPAddr) {
	p.t.Helper()
	buf := make([]byte, 65535)
	p.conn.SetReadDeadline(time.Now().Add(timeout))
	for {
		n, from, err := p.conn.ReadFromUDP(buf)
		if err != nil {
			p.t.Fatalf("no request arrived: %v", err)
		}
		m, err := sip.ParseMessage(buf[:n])
		if err != nil {
			p.t.Fatalf("unparsable request: %v", err)
		}
		if req, ok := m.(*sip.Request); ok {
			return req, from
		}
	}
}

// reply answers req from the phone with code and extra header lines.
func (p *phone) reply(req *sip.Request, to *net.UDPAddr, code int, reason string, extra ...string) {
	p.t.Helper()
	msg := "SIP/2.0 " + strconv.Itoa(code) + " " + reason + "\r\n"
	for _, h := range req.GetHeaders("Via") {
		msg += "Via: " + h.Value() + "\r\n"
	}
	msg += "From: " + req.From().Value() + "\r\nTo: " + req.To().Value() + ";tag=ph1\r\n" +
		"Call-ID: " + req.CallID().Value() + "\r\nCSeq: " + req.CSeq().Value() + "\r\n"
	for _, e := range extra {
		msg += e + "\r\n"
	}
	msg += "Content-Length: 0\r\n\r\n"
	if _, err := p.conn.WriteToUDP([]byte(msg), to); err != nil {
		p.t.Fatal(err)
	}
}

func TestNotifyAnswersPhoneChallenge(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("lisa1", "dev-l", testRealm, "pw-lisa", false)
	p := newPhone(t, ts.udp, "lisa1", "pw-lisa")
	wantCode(t, p.register("Contact: "+p.contact()), 200)

	type result struct {
		out []Outcome
		err error
	}
	done := make(chan result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		out, err := ts.Notify(ctx, "dev-l", "check-sync", true)
		done <- result{out, err}
	}()

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
	done := make(chan []Outcome, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		out, _ := ts.Notify(ctx, "dev-r", "check-sync", true)
		done <- out
	}()
	req, from := p.readRequest(2 * time.Second)
	p.reply(req, from, 200, "OK")
	if out := <-done; len(out) != 1 || out[0].State != OutcomeAnswered {
		t.Fatalf("outcomes %+v", out)
	}
}
