package sip

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// captured is an authenticated REGISTER as an on-path attacker recorded
// it from plain UDP.
type captured struct {
	callID, branch, auth string
	cseq                 int
}

// capture has p register and returns what an eavesdropper saw.
func capture(t *testing.T, p *phone) captured {
	t.Helper()
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	return captured{callID: p.callID, branch: p.lastBranch, auth: p.lastAuth, cseq: p.cseq}
}

// replayFrom sends the captured request again from the attacker's own
// socket with a new branch and the attacker's Contact.
func (c captured) replayFrom(attacker *phone) *sip.Response {
	attacker.t.Helper()
	attacker.callID, attacker.cseq = c.callID, c.cseq
	return attacker.send(sip.GenerateBranch(), "Contact: "+attacker.contact(), c.auth)
}

// freshChallenge reports whether res challenges with another nonce than
// the captured request's.
func freshChallenge(res *sip.Response, c captured) bool {
	cred, err := digest.ParseCredentials(strings.TrimPrefix(c.auth, "Authorization: "))
	h := res.GetHeader("WWW-Authenticate")
	if err != nil || h == nil {
		return false
	}
	ch, err := digest.ParseChallenge(h.Value())
	return err == nil && ch.Nonce != cred.Nonce
}

// TestReplayedRegisterCannotMoveTheBinding plays a captured REGISTER
// again with the same Call-ID, CSeq and Authorization but a new branch
// and another Contact: at once, 30 s later, and after the phone used
// newer nonces and the transaction's lifetime passed. Each is refused
// with a fresh challenge, counted, and the binding stays the phone's.
func TestReplayedRegisterCannotMoveTheBinding(t *testing.T) {
	for _, c := range []struct {
		name  string
		later time.Duration
		newer int
	}{{"at once", 0, 0}, {"30 s later", 30 * time.Second, 0}, {"after newer nonces", 40 * time.Second, 6}} {
		t.Run(c.name, func(t *testing.T) {
			var skew atomic.Int64
			ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) } })
			ts.accounts.add("vic01", "dev-v", testRealm, "pw-vic", false)
			p := newPhone(t, ts.udp, "vic01", "pw-vic")
			cap := capture(t, p)
			skew.Store(int64(c.later))
			for range c.newer {
				wantCode(t, p.register("Contact: "+p.contact()), 200)
			}
			attacker := newPhone(t, ts.udp, "vic01", "")
			res := cap.replayFrom(attacker)
			wantCode(t, res, 401)
			if !freshChallenge(res, cap) {
				t.Fatalf("replay not answered with a fresh challenge: %v", res)
			}
			bs := ts.Bindings("dev-v")
			if len(bs) != 1 || !strings.Contains(bs[0].Contact, p.local()) {
				t.Fatalf("replay changed the bindings: %+v", bs)
			}
			if ts.Stats().Replays != 1 {
				t.Fatalf("replays counted %d, want 1", ts.Stats().Replays)
			}
		})
	}
}

// TestReplayWithOtherExpiresRefused: the captured request with another
// Expires (here 0, to unregister the phone) is a replay too.
func TestReplayWithOtherExpiresRefused(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("vic02", "dev-v2", testRealm, "pw-vic", false)
	p := newPhone(t, ts.udp, "vic02", "pw-vic")
	cap := capture(t, p)
	p.callID, p.cseq = cap.callID, cap.cseq
	wantCode(t, p.send(sip.GenerateBranch(), "Contact: "+p.contact(), "Expires: 0", cap.auth), 401)
	wantCode(t, p.send(cap.branch, "Contact: "+p.contact(), "Expires: 0", cap.auth), 401)
	if !ts.Status("dev-v2").Online {
		t.Fatal("replay with Expires: 0 unregistered the phone")
	}
}

// TestLateRetransmissionAnsweredLikeTheOriginal: the phone's answer was
// lost and it repeats the very datagram while the same account keeps
// registering with new nonces (several calls of SIPp on one account, or
// one phone per line). The repeat is answered 200 with the binding, as
// long as the transaction can still be retransmitted (64*T1); later the
// same bytes are a replay.
func TestLateRetransmissionAnsweredLikeTheOriginal(t *testing.T) {
	var skew atomic.Int64
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) } })
	ts.accounts.add("rita1", "dev-r", testRealm, "pw-rita", false)
	p := newPhone(t, ts.udp, "rita1", "pw-rita")
	orig := capture(t, p)
	for i := range 8 {
		p.callID = fmt.Sprintf("%s-next%d", orig.callID, i)
		wantCode(t, p.register("Contact: "+p.contact()), 200)
	}
	retransmit := func() *sip.Response {
		p.callID, p.cseq = orig.callID, orig.cseq
		return p.send(orig.branch, "Contact: "+p.contact(), orig.auth)
	}
	skew.Store(int64(20 * time.Second))
	res := retransmit()
	wantCode(t, res, 200)
	if c := res.GetHeader("Contact"); c == nil || !strings.Contains(c.Value(), p.local()) {
		t.Fatalf("retransmission answered without the binding: %v", res)
	}
	if bs := ts.Bindings("dev-r"); len(bs) != 1 || bs[0].CallID != orig.callID+"-next7" {
		t.Fatalf("a retransmission changed the bindings: %+v", bs)
	}
	if n := ts.Stats().Replays; n != 0 {
		t.Fatalf("retransmission counted as replay (%d)", n)
	}
	skew.Store(int64(timerF + 20*time.Second))
	wantCode(t, retransmit(), 401)
}

// TestNoFalseReplaysUnderLoad runs the closed loop of the REGISTER
// benchmark in process: many accounts, several clients on each account
// at once (as SIPp runs 400 calls over 1,000 accounts), one answer in
// four lost so the client repeats its request a little later while the
// other clients of the account go on. Every correctly authenticated
// REGISTER and every repeat must be answered 200. Bounded: at most 200
// rounds a client and two seconds.
func TestNoFalseReplaysUnderLoad(t *testing.T) {
	const accounts, clients, rounds = 50, 8, 200
	s := benchServer(t, accounts)
	ctx := context.Background()
	deadline := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	var mu sync.Mutex
	answers := map[int]int{}
	var done atomic.Int64
	for a := range accounts {
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				user := fmt.Sprintf("user%06d", a)
				for r := 0; r < rounds && time.Now().Before(deadline); r++ {
					callID := fmt.Sprintf("%d-%d-%s", c, r, user)
					first := s.register(ctx, loadRegister(user, callID, 1, ""))
					if first.code != 401 {
						mu.Lock()
						answers[first.code]++
						mu.Unlock()
						continue
					}
					ch, err := digest.ParseChallenge(first.headers[0].Value())
					if err != nil {
						t.Error(err)
						return
					}
					cred := registerCredentials(ch, user, "pw", fmt.Sprintf("cn%d", r))
					auth := cred.String()
					branch := sip.GenerateBranch()
					tries := 1
					if r%4 == 0 {
						tries = 2
					}
					for i := range tries {
						if i > 0 {
							time.Sleep(5 * time.Millisecond)
						}
						res := s.register(ctx, loadRegister(user, callID, 2, auth, branch))
						mu.Lock()
						answers[res.code]++
						mu.Unlock()
					}
					done.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	if answers[200] == 0 || len(answers) != 1 {
		t.Fatalf("answers to %d authenticated REGISTERs by status: %v; replays counted %d", done.Load(), answers, s.Stats().Replays)
	}
	t.Logf("%d rounds, answers %v", done.Load(), answers)
}

// loadRegister builds the REGISTER of one round of TestNoFalseReplaysUnderLoad;
// every client of an account has the account's one Contact, as SIPp's do.
func loadRegister(user, callID string, cseq int, auth string, branch ...string) *sip.Request {
	b := sip.GenerateBranch()
	if len(branch) > 0 {
		b = branch[0]
	}
	msg := "REGISTER sip:" + testRealm + " SIP/2.0\r\nVia: SIP/2.0/UDP 10.1.1.1:5060;branch=" + b + ";rport\r\n" +
		"Max-Forwards: 70\r\nFrom: <sip:" + user + "@" + testRealm + ">;tag=" + callID + "\r\nTo: <sip:" + user + "@" + testRealm + ">\r\n" +
		"Call-ID: " + callID + "\r\n" + fmt.Sprintf("CSeq: %d REGISTER\r\n", cseq) +
		"Contact: <sip:" + user + "@10.1.1.1:5060>\r\nExpires: 3600\r\n"
	if auth != "" {
		msg += "Authorization: " + auth + "\r\n"
	}
	m, err := sip.ParseMessage([]byte(msg + "Content-Length: 0\r\n\r\n"))
	if err != nil {
		panic(err) // the message is the fixed one above
	}
	req := m.(*sip.Request)
	req.SetTransport("UDP")
	req.SetSource("10.1.1.1:5060")
	return req
}
