package sip

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

func TestRegisterDigestBothAlgorithms(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("alice1", "dev-a", testRealm, "s3cret-pw", false)
	for _, alg := range []string{digest.MD5, digest.SHA256} {
		t.Run(alg, func(t *testing.T) {
			p := newPhone(t, ts.udp, "alice1", "s3cret-pw")
			p.algorithm = alg
			res := p.register("Contact: "+p.contact(), "Expires: 300")
			wantCode(t, res, 200)
			if c := res.GetHeader("Contact"); c == nil || !strings.Contains(c.Value(), "expires=300") {
				t.Fatalf("200 does not list the binding with its expiry: %v", res)
			}
		})
	}
	st := ts.Status("dev-a")
	if !st.Online || st.IP != "127.0.0.1" || st.Transport != "UDP" || st.UserAgent != "TestPhone 1.0" {
		t.Fatalf("status after registering: %+v", st)
	}
}

func TestRegisterChallengeOffersBothAlgorithms(t *testing.T) {
	ts := startServer(t, nil)
	p := newPhone(t, ts.udp, "nobody1", "x")
	res := p.send("z9hG4bK-c1", "Contact: "+p.contact())
	wantCode(t, res, 401)
	hs := res.GetHeaders("WWW-Authenticate")
	if len(hs) != 2 || !strings.Contains(hs[0].Value(), "MD5") || !strings.Contains(hs[1].Value(), "SHA-256") ||
		!strings.Contains(hs[0].Value(), `qop="auth"`) || !strings.Contains(hs[0].Value(), `realm="`+testRealm+`"`) {
		t.Fatalf("challenge headers: %v", hs)
	}
	if v := res.Via(); v == nil || v.Params.GetOr("rport", "") == "" {
		t.Fatalf("rport not filled in: %v", res.Via())
	}
}

func TestRegisterWrongPassword(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("bob12", "dev-b", testRealm, "right", false)
	p := newPhone(t, ts.udp, "bob12", "wrong")
	wantCode(t, p.register("Contact: "+p.contact()), 401)
	if ts.Status("dev-b").Online {
		t.Fatal("wrong password registered")
	}
	select {
	case e := <-ts.security:
		if e.Kind != EventAuthFailed || e.Username != "bob12" || e.Source != "127.0.0.1" {
			t.Fatalf("security event %+v", e)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no security event for the failed authentication")
	}
}

func TestRegisterReplayRefusedRetransmissionAnswered(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("carol", "dev-c", testRealm, "pw-carol", false)
	p := newPhone(t, ts.udp, "carol", "pw-carol")
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	// The same datagram again (a UDP retransmission) is answered again.
	wantCode(t, p.send(p.lastBranch, "Contact: "+p.contact(), p.lastAuth), 200)
	// The same Authorization in a new request is a replay.
	p.cseq++
	res := p.send("z9hG4bK-replay", "Contact: "+p.contact(), p.lastAuth)
	wantCode(t, res, 401)
}

func TestRegisterStaleNonce(t *testing.T) {
	now := time.Now()
	var skew atomic.Int64
	ts := startServer(t, func(o *Options) { o.Now = func() time.Time { return now.Add(time.Duration(skew.Load())) } })
	ts.accounts.add("dave1", "dev-d", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "dave1", "pw")
	p.cseq++
	ch := p.send("z9hG4bK-s1", "Contact: "+p.contact())
	wantCode(t, ch, 401)
	skew.Store(int64(10 * time.Minute))
	res := p.answer(ch, "Contact: "+p.contact())
	wantCode(t, res, 401)
	if !strings.Contains(res.GetHeader("WWW-Authenticate").Value(), "stale=true") {
		t.Fatalf("expired nonce not marked stale: %v", res.GetHeader("WWW-Authenticate"))
	}
	wantCode(t, p.answer(res, "Contact: "+p.contact()), 200)
}

func TestRegisterExpiresRules(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MinExpires = 60 * time.Second; o.MaxExpires = 600 * time.Second })
	ts.accounts.add("erin1", "dev-e", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "erin1", "pw")
	res := p.register("Contact: "+p.contact(), "Expires: 30")
	wantCode(t, res, 423)
	if h := res.GetHeader("Min-Expires"); h == nil || h.Value() != "60" {
		t.Fatalf("423 without Min-Expires: 60: %v", res)
	}
	res = p.register("Contact: "+p.contact()+";expires=7200", "Expires: 30")
	wantCode(t, res, 200)
	if !strings.Contains(res.GetHeader("Contact").Value(), "expires=600") {
		t.Fatalf("expiry not capped at MaxExpires: %v", res.GetHeader("Contact"))
	}
	if exp := ts.Status("dev-e").ExpiresAt; time.Until(exp) > 601*time.Second || time.Until(exp) < 590*time.Second {
		t.Fatalf("status expiry %v", exp)
	}
	// Expires: 0 removes the binding.
	wantCode(t, p.register("Contact: "+p.contact(), "Expires: 0"), 200)
	if st := ts.Status("dev-e"); st.Online || st.LastIP != "127.0.0.1" {
		t.Fatalf("after Expires: 0: %+v", st)
	}
	// Contact: * with Expires: 0 removes all; without Expires: 0 it is refused.
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	wantCode(t, p.register("Contact: *"), 400)
	wantCode(t, p.register("Contact: *", "Expires: 0"), 200)
	if ts.Status("dev-e").Online {
		t.Fatal("Contact: * did not remove the binding")
	}
}

func TestRegisterBindingLimitAndDoubleRegistration(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxBindingsPerAccount = 2 })
	ts.accounts.add("frank", "dev-f", testRealm, "pw", false)
	p1 := newPhone(t, ts.udp, "frank", "pw")
	p1.ua = "Yealink SIP-T54W 96.86.0.100 80:5e:c0:11:22:33"
	wantCode(t, p1.register("Contact: "+p1.contact()), 200)
	if ts.Status("dev-f").DoubleRegistration {
		t.Fatal("one binding shown as double registration")
	}
	// Same host, another phone (other MAC in its User-Agent).
	p2 := newPhone(t, ts.udp, "frank", "pw")
	p2.ua = "Yealink SIP-T54W 96.86.0.100 80:5e:c0:aa:bb:cc"
	wantCode(t, p2.register("Contact: "+p2.contact()), 200)
	st := ts.Status("dev-f")
	if !st.DoubleRegistration || st.Bindings != 2 {
		t.Fatalf("two phones on one account: %+v", st)
	}
	p3 := newPhone(t, ts.udp, "frank", "pw")
	res := p3.register("Contact: " + p3.contact())
	wantCode(t, res, 403)
	if !strings.Contains(res.Reason, "Too many bindings") {
		t.Fatalf("reason %q", res.Reason)
	}
}

func TestRegisterInstanceKeptAndReplaced(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("gina1", "dev-g", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "gina1", "pw")
	inst := `;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1`
	wantCode(t, p.register("Contact: <sip:gina1@10.0.0.1:5060>"+inst), 200)
	p.callID += "-new"
	wantCode(t, p.register("Contact: <sip:gina1@10.0.0.2:5060>"+inst), 200)
	bs := ts.Bindings("dev-g")
	if len(bs) != 1 || bs[0].Contact != "sip:gina1@10.0.0.2:5060" || bs[0].Instance != "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>" || bs[0].RegID != 1 {
		t.Fatalf("bindings %+v", bs)
	}
}

func TestRegisterEncryptionPolicy(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("hank1", "dev-h", testRealm, "pw", true)
	p := newPhone(t, ts.udp, "hank1", "pw")
	res := p.register("Contact: " + p.contact())
	wantCode(t, res, 403)
	if !strings.Contains(res.Reason, "TLS required") {
		t.Fatalf("reason %q does not say TLS is required", res.Reason)
	}
	if ts.Status("dev-h").Online {
		t.Fatal("device that must encrypt registered over UDP")
	}
}

func TestRegisterOutsideAccessNetworksNeedsTLS(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.AccessNetworks = nil; o.AccessNetworks = parsePrefixes(t, "10.0.0.0/8") })
	ts.accounts.add("ivan1", "dev-i", testRealm, "pw", false)
	p := newPhone(t, ts.udp, "ivan1", "pw")
	wantCode(t, p.register("Contact: "+p.contact()), 403)
}

// failLogins starts a server that blocks an account after maxAccount and
// a source after maxSource failed logins, then has a phone register as
// user with a wrong password n times; it returns the server and the phone.
func failLogins(t *testing.T, maxAccount, maxSource int, user string, n int) (*testServer, *phone) {
	t.Helper()
	ts := startServer(t, func(o *Options) { o.MaxAccountFailures = maxAccount; o.MaxSourceFailures = maxSource })
	ts.accounts.add(user, "dev-"+user, testRealm, "right", false)
	bad := newPhone(t, ts.udp, user, "wrong")
	for range n {
		wantCode(t, bad.register("Contact: "+bad.contact()), 401)
	}
	return ts, bad
}

func TestBlockAfterRepeatedFailures(t *testing.T) {
	ts, _ := failLogins(t, 3, 100, "jack1", 3)
	good := newPhone(t, ts.udp, "jack1", "right")
	res := good.register("Contact: " + good.contact())
	wantCode(t, res, 503)
	if res.GetHeader("Retry-After") == nil {
		t.Fatal("503 without Retry-After")
	}
}

func TestBlockedSourceIsDropped(t *testing.T) {
	_, bad := failLogins(t, 100, 2, "kate1", 2)
	if res := bad.send("z9hG4bK-after", "Contact: "+bad.contact()); res != nil {
		t.Fatalf("blocked source still answered: %d", res.StatusCode)
	}
}

// TestRegisterChallengesInTheAccountsRealm: a phone that addresses the
// registrar by its host (as Yealink, Fanvil and Cisco profiles do) is
// challenged in its customer's realm at once, and an answer in a foreign
// realm is challenged again without counting as a failed login.
func TestRegisterChallengesInTheAccountsRealm(t *testing.T) {
	ts := startServer(t, func(o *Options) { o.MaxAccountFailures = 2; o.MaxSourceFailures = 2 })
	ts.accounts.add("carol1", "dev-c", "carol-gmbh.pbx.example", "pw-carol", false)
	p := newPhone(t, ts.udp, "carol1", "pw-carol")
	first := p.send(sip.GenerateBranch(), "Contact: "+p.contact())
	wantCode(t, first, 401)
	if h := first.GetHeader("WWW-Authenticate"); h == nil || !strings.Contains(h.Value(), `realm="carol-gmbh.pbx.example"`) {
		t.Fatalf("first challenge not in the account's realm: %v", first)
	}
	for range 3 {
		foreign := &sip.Response{}
		*foreign = *first
		foreign.ReplaceHeader(sip.NewHeader("WWW-Authenticate", strings.Replace(first.GetHeader("WWW-Authenticate").Value(), "carol-gmbh.pbx.example", testRealm, 1)))
		wantCode(t, p.answer(foreign, "Contact: "+p.contact()), 401)
	}
	wantCode(t, p.register("Contact: "+p.contact()), 200)
	select {
	case e := <-ts.security:
		t.Fatalf("answers in a foreign realm counted as failed logins: %+v", e)
	default:
	}
}

// TestChallengeOfferFollowsTheClient checks the default offer per client:
// MD5 and SHA-256 to every client, MD5 alone to a baresip before 3.11
// (which gives up on SHA-256), and the operator's list to everyone when
// one is set.
func TestChallengeOfferFollowsTheClient(t *testing.T) {
	auto := startServer(t, nil)
	pinned := startServer(t, func(o *Options) { o.Algorithms = []string{digest.SHA256} })
	for _, c := range []struct {
		ts   *testServer
		ua   string
		want []string
	}{
		{auto, "Yealink SIP-T54W 96.86.0.100 00:15:65:aa:bb:cc", []string{"MD5", "SHA-256"}},
		{auto, "baresip v1.0.0 (x86_64/Linux)", []string{"MD5"}},
		{auto, "baresip v3.10.1 (x86_64/Linux)", []string{"MD5"}},
		{auto, "baresip v3.11.0 (x86_64/Linux)", []string{"MD5", "SHA-256"}},
		{auto, "baresip v4.0.0 (aarch64/Linux)", []string{"MD5", "SHA-256"}},
		{auto, "", []string{"MD5", "SHA-256"}},
		{pinned, "baresip v1.0.0 (x86_64/Linux)", []string{"SHA-256"}},
	} {
		p := newPhone(t, c.ts.udp, "nobody1", "x")
		p.ua = c.ua
		res := p.send("z9hG4bK-offer", "Contact: "+p.contact())
		wantCode(t, res, 401)
		var got []string
		for _, h := range res.GetHeaders("WWW-Authenticate") {
			ch, err := digest.ParseChallenge(h.Value())
			if err != nil {
				t.Fatalf("%q: %v", c.ua, err)
			}
			got = append(got, ch.Algorithm)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("User-Agent %q: offered %q, want %q", c.ua, got, c.want)
		}
	}
}
