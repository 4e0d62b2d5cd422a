package sip

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// callUA is a test phone that places and answers calls over UDP: it
// registers through the phone helper, then reads every message on a
// goroutine of its own.
type callUA struct {
	t      *testing.T
	p      *phone
	device string
	tag    string
	in     chan sip.Message
	mu     sync.Mutex
	cseq   uint32
	// auto answers NOTIFY and BYE with 200 on the reader, for tests where
	// they come while the test waits for something else.
	auto bool
}

// sdpOffer is a session description as a phone sends it.
func sdpOffer(port int, dir string) []byte {
	return []byte(fmt.Sprintf("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio %d RTP/AVP 0\r\na=%s\r\n", port, dir))
}

// newCallUA adds an account for a device and registers it.
func newCallUA(t *testing.T, ts *testServer, user, device string) *callUA {
	t.Helper()
	ts.accounts.add(user, device, testRealm, "pw-"+user, false)
	p := newPhone(t, ts.udp, user, "pw-"+user)
	wantCode(t, p.register("Contact: "+p.contact(), "Expires: 300", "Allow-Events: talk, hold"), 200)
	u := &callUA{t: t, p: p, device: device, tag: "tag-" + user, in: make(chan sip.Message, 64), cseq: 1}
	go func() {
		buf := make([]byte, 65535)
		for {
			p.conn.SetReadDeadline(time.Time{})
			n, _, err := p.conn.ReadFromUDP(buf)
			if err != nil {
				close(u.in)
				return
			}
			m, err := sip.ParseMessage(append([]byte(nil), buf[:n]...))
			if err != nil {
				continue
			}
			if r, ok := m.(*sip.Request); ok && u.isAuto() && (r.Method == sip.NOTIFY || r.Method == sip.BYE) {
				// The test may be over: a failed write is no failure.
				u.p.conn.WriteToUDP([]byte(u.answer(r, 200, nil).String()), u.p.server)
			}
			u.in <- m
		}
	}()
	return u
}

// expect waits for the next message matching want, skipping others
// (retransmissions, 100 Trying).
func (u *callUA) expect(what string, want func(sip.Message) bool) sip.Message {
	u.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-u.in:
			if !ok {
				u.t.Fatalf("%s: connection closed waiting for %s", u.p.user, what)
			}
			if want(m) {
				return m
			}
		case <-timeout:
			u.t.Fatalf("%s: no %s", u.p.user, what)
		}
	}
}

// request waits for a request of the method.
func (u *callUA) request(method sip.RequestMethod) *sip.Request {
	u.t.Helper()
	return u.expect(string(method), func(m sip.Message) bool {
		r, ok := m.(*sip.Request)
		return ok && r.Method == method
	}).(*sip.Request)
}

// response waits for a final (or the given provisional) answer to method.
func (u *callUA) response(method sip.RequestMethod, code int) *sip.Response {
	u.t.Helper()
	return u.expect(fmt.Sprintf("%d to %s", code, method), func(m sip.Message) bool {
		r, ok := m.(*sip.Response)
		return ok && r.CSeq().MethodName == method && (r.StatusCode == code || code >= 200 && r.StatusCode >= 200)
	}).(*sip.Response)
}

// nothing checks that no request of the method arrives for a while.
func (u *callUA) nothing(method sip.RequestMethod, d time.Duration) {
	u.t.Helper()
	timeout := time.After(d)
	for {
		select {
		case m := <-u.in:
			if r, ok := m.(*sip.Request); ok && r.Method == method {
				u.t.Fatalf("%s: unexpected %s", u.p.user, method)
			}
		case <-timeout:
			return
		}
	}
}

func (u *callUA) isAuto() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.auto
}

func (u *callUA) write(m sip.Message) {
	u.t.Helper()
	if _, err := u.p.conn.WriteToUDP([]byte(m.String()), u.p.server); err != nil {
		u.t.Fatal(err)
	}
}

// reply answers a request the B2BUA sent, with our tag and Contact.
func (u *callUA) reply(req *sip.Request, code int, body []byte) {
	u.t.Helper()
	u.write(u.answer(req, code, body))
}

// answer builds the UA's response to a request.
func (u *callUA) answer(req *sip.Request, code int, body []byte) *sip.Response {
	res := sip.NewResponseFromRequest(req, code, "Reason", nil)
	if code > 100 {
		res.To().Params.Add("tag", u.tag)
	}
	res.AppendHeader(&sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: u.p.user, Host: "127.0.0.1", Port: u.port()}})
	if len(body) > 0 {
		res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	}
	res.SetBody(body)
	return res
}

func (u *callUA) port() int { return u.p.conn.LocalAddr().(*net.UDPAddr).Port }

// dialog is a call the test UA placed: enough to send in-dialog requests.
type dialog struct {
	u      *callUA
	callID string
	remote string // the B2BUA's To tag
	target sip.Uri
}

// invite places a call to dialled, answering the 407 challenge with the
// account's password, and returns the first answer after the challenge
// with the final one awaited later through dialog.final.
func (u *callUA) invite(dialled string, body []byte, extra ...sip.Header) (*dialog, *sip.Request) {
	u.t.Helper()
	d := &dialog{u: u, callID: fmt.Sprintf("%s-%d@test", u.p.user, time.Now().UnixNano())}
	req := u.newInvite(d, dialled, body, extra...)
	u.write(req)
	res := u.response(sip.INVITE, 407)
	u.write(u.ackFor(req, res))
	if res.StatusCode != 407 {
		u.t.Fatalf("INVITE answered %d, want 407", res.StatusCode)
	}
	ch, err := digest.ParseChallenge(res.GetHeader("Proxy-Authenticate").Value())
	if err != nil {
		u.t.Fatal(err)
	}
	cred := digest.Answer(ch, "INVITE", req.Recipient.String(), u.p.user, u.p.password, 1, "cn")
	req = u.newInvite(d, dialled, body, append(extra, sip.NewHeader("Proxy-Authorization", cred.String()))...)
	u.write(req)
	return d, req
}

func (u *callUA) newInvite(d *dialog, dialled string, body []byte, extra ...sip.Header) *sip.Request {
	u.mu.Lock()
	u.cseq++
	seq := u.cseq
	u.mu.Unlock()
	req := sip.NewRequest(sip.INVITE, sip.Uri{Scheme: "sip", User: dialled, Host: testRealm})
	req.AppendHeader(sip.NewHeader("Via", "SIP/2.0/UDP "+u.p.local()+";branch="+sip.GenerateBranch()+";rport"))
	req.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	req.AppendHeader(sip.NewHeader("From", "<sip:"+u.p.user+"@"+testRealm+">;tag="+u.tag))
	req.AppendHeader(sip.NewHeader("To", "<sip:"+dialled+"@"+testRealm+">"))
	req.AppendHeader(sip.NewHeader("Call-ID", d.callID))
	req.AppendHeader(sip.NewHeader("CSeq", fmt.Sprintf("%d INVITE", seq)))
	req.AppendHeader(sip.NewHeader("Contact", u.p.contact()))
	req.AppendHeader(sip.NewHeader("Allow-Events", "talk, hold"))
	for _, h := range extra {
		req.AppendHeader(h)
	}
	if len(body) > 0 {
		req.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	}
	req.SetBody(body)
	return req
}

// ackFor is the ACK of a failure (same branch) or, for a 2xx, of the
// dialog (new branch).
func (u *callUA) ackFor(req *sip.Request, res *sip.Response) *sip.Request {
	branch, _ := req.Via().Params.Get("branch")
	if res.StatusCode < 300 {
		branch = sip.GenerateBranch()
	}
	ack := sip.NewRequest(sip.ACK, req.Recipient)
	if res.StatusCode < 300 {
		if ct := res.Contact(); ct != nil {
			ack.Recipient = ct.Address
		}
	}
	ack.AppendHeader(sip.NewHeader("Via", "SIP/2.0/UDP "+u.p.local()+";branch="+branch+";rport"))
	ack.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	ack.AppendHeader(sip.HeaderClone(req.From()))
	ack.AppendHeader(sip.HeaderClone(res.To()))
	ack.AppendHeader(sip.HeaderClone(req.CallID()))
	ack.AppendHeader(&sip.CSeqHeader{SeqNo: req.CSeq().SeqNo, MethodName: sip.ACK})
	ack.SetBody(nil)
	return ack
}

// answered takes the caller's 2xx, acknowledges it and records the dialog.
func (d *dialog) answered(req *sip.Request) *sip.Response {
	d.u.t.Helper()
	res := d.u.response(sip.INVITE, 200)
	if res.StatusCode != 200 {
		d.u.t.Fatalf("call answered %d %s, want 200", res.StatusCode, res.Reason)
	}
	d.remote, _ = res.To().Params.Get("tag")
	d.target = res.Contact().Address
	d.u.write(d.u.ackFor(req, res))
	return res
}

// send sends an in-dialog request on a call the UA placed or received.
func (d *dialog) send(method sip.RequestMethod, body []byte, extra ...sip.Header) *sip.Request {
	u := d.u
	u.mu.Lock()
	u.cseq++
	seq := u.cseq
	u.mu.Unlock()
	req := sip.NewRequest(method, d.target)
	req.AppendHeader(sip.NewHeader("Via", "SIP/2.0/UDP "+u.p.local()+";branch="+sip.GenerateBranch()+";rport"))
	req.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	req.AppendHeader(sip.NewHeader("From", "<sip:"+u.p.user+"@"+testRealm+">;tag="+u.tag))
	req.AppendHeader(sip.NewHeader("To", "<sip:x@"+testRealm+">;tag="+d.remote))
	req.AppendHeader(sip.NewHeader("Call-ID", d.callID))
	req.AppendHeader(sip.NewHeader("CSeq", fmt.Sprintf("%d %s", seq, method)))
	req.AppendHeader(sip.NewHeader("Contact", u.p.contact()))
	for _, h := range extra {
		req.AppendHeader(h)
	}
	if len(body) > 0 {
		req.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	}
	req.SetBody(body)
	u.write(req)
	return req
}

// incoming is a call the B2BUA offered the UA, as a dialog of its own.
func (u *callUA) incoming(inv *sip.Request) *dialog {
	ft, _ := inv.From().Params.Get("tag")
	return &dialog{u: u, callID: inv.CallID().Value(), remote: ft, target: inv.Contact().Address}
}

// fakeRouter routes by the dialled string; CallRequests are recorded.
type fakeRouter struct {
	mu     sync.Mutex
	routes map[string]*switchboard.CallRoute
	seen   []switchboard.CallRequest
}

func (r *fakeRouter) Route(_ context.Context, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, req)
	rt, ok := r.routes[req.Dialled]
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "Unknown number")
	}
	cp := *rt
	return &cp, nil
}

// set replaces the route of a dialled string.
func (r *fakeRouter) set(dialled string, rt *switchboard.CallRoute) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes[dialled] = rt
}

// requests returns the requests routed so far.
func (r *fakeRouter) requests() []switchboard.CallRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]switchboard.CallRequest(nil), r.seen...)
}

// callEvents collects call events; want takes them out of order, so a
// test need not know in which order two workplaces learn of a change.
type callEvents struct {
	ch      chan switchboard.CallEvent
	pending []switchboard.CallEvent
}

// want waits for an event of kind for the workplace.
func (e *callEvents) want(t *testing.T, kind, workplace string) switchboard.CallEvent {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		for i, ev := range e.pending {
			if ev.Kind == kind && ev.WorkplaceID == workplace {
				e.pending = append(e.pending[:i], e.pending[i+1:]...)
				return ev
			}
		}
		select {
		case ev := <-e.ch:
			e.pending = append(e.pending, ev)
		case <-timeout:
			t.Fatalf("no %s event for %s", kind, workplace)
		}
	}
}

// startCallServer runs a server with the B2BUA on and the router given.
func startCallServer(t *testing.T, routes map[string]*switchboard.CallRoute, tweak func(*Options)) (*testServer, *fakeRouter, *callEvents) {
	t.Helper()
	r := &fakeRouter{routes: routes}
	ev := &callEvents{ch: make(chan switchboard.CallEvent, 256)}
	ts := startServer(t, func(o *Options) {
		o.Router = r
		o.OnCallEvents = func(batch []switchboard.CallEvent) error {
			for _, e := range batch {
				ev.ch <- e
			}
			return nil
		}
		if tweak != nil {
			tweak(o)
		}
	})
	return ts, r, ev
}

// hasLine reports whether an SDP body has the line.
func hasLine(body []byte, line string) bool {
	for _, l := range strings.Split(string(body), "\r\n") {
		if l == line {
			return true
		}
	}
	return false
}
