package sip

import (
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

var hostileReferTo = []string{
	"", "<", ">", "<>", "<sip:>", "sip:", "<tel:+4930123>", "<http://x>", "<sip:300@h", "sip:300@h;x=<",
	"<sip:300@h?Replaces=>", "<sip:300@h?Replaces=%zz>", "<sip:300@h?Replaces=abc>",
	"<sip:300@h?Replaces=abc%3Bto-tag%3D>", "<sip:300@h?Replaces=abc%3Bto-tag%3Dx%3Bfrom-tag%3Dy>",
	"<sip:300@h?Replaces=abc%3Bto-tag%3Dx%3Bfrom-tag%3Dy&Replaces=%3B%3B>", "<sip:" + strings.Repeat("a", 3000) + "@h>",
	"\"Name\" <sips:300@[::1]:5061;transport=tls?Require=replaces&Replaces=c%40h%3Bfrom-tag%3D1%3Bto-tag%3D2>;method=INVITE",
}

// FuzzReferTo: a Refer-To from a caller never crashes the parser, and
// what it accepts is a SIP URI and, with Replaces, a whole dialog id.
func FuzzReferTo(f *testing.F) {
	for _, s := range hostileReferTo {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		rt, err := parseReferTo(v)
		if err != nil {
			return
		}
		if (rt.uri.Scheme != "sip" && rt.uri.Scheme != "sips") || rt.uri.Host == "" {
			t.Fatalf("accepted scheme %q from %q", rt.uri.Scheme, v)
		}
		if r := rt.replaces; r != nil && (r.callID == "" || r.toTag == "" || r.fromTag == "") {
			t.Fatalf("accepted incomplete Replaces %+v from %q", r, v)
		}
	})
}

// FuzzSDPDirection: any body gives one of the four directions, and a body
// rewritten with a direction has that direction when it has a stream.
func FuzzSDPDirection(f *testing.F) {
	for _, s := range []string{"", "m=audio", "a=sendonly", "c=IN IP4 0.0.0.0", "o=- 1 x IN IP4 h\r\nm=audio 1 RTP/AVP 0\r\na=recvonly",
		string(sdpOffer(4000, sendRecv)), string(sdpOffer(4000, inactive)), "m=video 1 RTP/AVP 96\na=inactive\nm=audio 2 RTP/AVP 0\na=sendonly\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		switch d := sdpDirection(body); d {
		case sendRecv, sendOnly, recvOnly, inactive:
		default:
			t.Fatalf("direction %q", d)
		}
		out := withDirection(body, sendOnly)
		if strings.Contains(string(body), "\nm=audio ") && !strings.Contains(string(body), " 0.0.0.0") && strings.Count(string(body), "\n") < maxSDPLines {
			if d := sdpDirection(out); d != sendOnly {
				t.Fatalf("rewritten to %q:\n%s", d, out)
			}
		}
	})
}

// TestHostileCallRequests sends malformed call requests and a REFER with
// each hostile Refer-To inside a real call; each gets an answer, and the
// call goes on as if nothing happened.
func TestHostileCallRequests(t *testing.T) {
	ts, _, ev := startCallServer(t, transferRoutes(), nil)
	alice, bob1, _, _, ad, _ := callParties(t, ts)
	for _, m := range []sip.RequestMethod{sip.BYE, sip.CANCEL, sip.UPDATE, sip.REFER, sip.INFO} {
		stray := &dialog{u: alice, callID: "stray-" + string(m), remote: "x", target: ad.target}
		stray.send(m, nil)
		if res := alice.response(m, 481); res.StatusCode != 481 {
			t.Fatalf("%s outside any call: %d", m, res.StatusCode)
		}
	}
	for _, v := range hostileReferTo {
		if _, err := parseReferTo(v); err == nil || !sipgoParses("Refer-To: "+v) {
			continue // valid, or dropped by sipgo's parser before us
		}
		ad.send(sip.REFER, nil, sip.NewHeader("Refer-To", v))
		if res := alice.response(sip.REFER, 400); res.StatusCode != 400 {
			t.Fatalf("Refer-To %q answered %d", v, res.StatusCode)
		}
	}
	ad.send(sip.REFER, nil)
	wantCode(t, alice.response(sip.REFER, 400), 400)
	ad.send(sip.BYE, nil)
	bob1.reply(bob1.request(sip.BYE), 200, nil)
	wantCode(t, alice.response(sip.BYE, 200), 200)
	ev.want(t, switchboard.EventCallReleased, "w-bob")
}

// sipgoParses reports whether a request with the header line parses.
func sipgoParses(line string) bool {
	_, err := sip.ParseMessage([]byte("REFER sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n" +
		"To: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 REFER\r\n" + line + "\r\nContent-Length: 0\r\n\r\n"))
	return err == nil
}

// TestCallCapPerAccount: a device may hold MaxCallsPerAccount calls at
// once; one more is refused 503 without reaching anyone.
func TestCallCapPerAccount(t *testing.T) {
	ts, _, _ := startCallServer(t, transferRoutes(), func(o *Options) { o.MaxCallsPerAccount = 1 })
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob1 := newCallUA(t, ts, "bob1", "dev-bob1")
	alice.invite("201", sdpOffer(4000, sendRecv))
	bob1.reply(bob1.request(sip.INVITE), 180, nil)
	alice.response(sip.INVITE, 180)
	alice.invite("201", sdpOffer(4002, sendRecv))
	wantCode(t, alice.response(sip.INVITE, 503), 503)
	bob1.nothing(sip.INVITE, 200*time.Millisecond)
}
