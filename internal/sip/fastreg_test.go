package sip

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// diffSource is where the differential test's requests come from.
var diffSource = netip.MustParseAddrPort("192.168.1.20:5062")

// diffNow is the differential servers' clock.
var diffNow = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// diffServer is a registrar holding the differential test's accounts:
// alice, and bob who must use TLS.
func diffServer(tb testing.TB) *Server {
	tb.Helper()
	accts := newFakeAccounts()
	accts.add("alice", "dev-alice", testRealm, "pw", false)
	accts.add("bob", "dev-bob", testRealm, "pw", true)
	s, err := NewServer(Options{Accounts: accts, Secret: []byte("0123456789abcdef0123456789abcdef"),
		Realm: func(string) string { return testRealm }, Now: func() time.Time { return diffNow },
		MaxBindingsPerAccount: 3})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// answerFast is the fast path's answer to data and where it goes; taken
// false when the fast path leaves data to sipgo.
func answerFast(s *Server, data []byte) (answer []byte, dest string, taken bool) {
	raw, req, ok := scanRegister(string(data))
	if !ok {
		return nil, "", false
	}
	raw.src = diffSource
	req.source, req.transport = diffSource, "UDP"
	r := s.registerReq(context.Background(), req)
	if r.code == 0 {
		return nil, "", true
	}
	return rawAnswer(nil, raw, r), raw.destination().String(), true
}

// answerSipgo is sipgo's path's answer to data; isRegister false when
// sipgo does not read data as a REGISTER.
func answerSipgo(s *Server, data []byte) (answer []byte, dest string, isRegister bool) {
	m, err := sip.ParseMessage(data)
	if err != nil {
		return nil, "", false
	}
	req, ok := m.(*sip.Request)
	if !ok {
		return nil, "", false
	}
	req.SetTransport("UDP")
	req.SetSource(diffSource.String())
	r, ok := s.precheck(req)
	if ok && req.Method != sip.REGISTER {
		return nil, "", false
	}
	if ok {
		r = s.register(context.Background(), req)
	}
	if r.code == 0 {
		return nil, "", true
	}
	res := response(req, r)
	return []byte(res.String()), res.Destination(), true
}

// nonceParam masks the nonces of challenges, fresh in every answer.
var nonceParam = regexp.MustCompile(`nonce="[^"]*"`)

// headerLines parses an answer with sipgo and lists its status line and
// headers as sipgo writes them.
func headerLines(t *testing.T, answer []byte) []string {
	t.Helper()
	m, err := sip.ParseMessage(answer)
	if err != nil {
		t.Fatalf("answer unparsable by sipgo: %v\n%s", err, answer)
	}
	res, ok := m.(*sip.Response)
	if !ok {
		t.Fatalf("answer is not a response:\n%s", answer)
	}
	lines := []string{res.StartLine()}
	for _, h := range res.Headers() {
		lines = append(lines, strings.ToLower(h.Name())+": "+nonceParam.ReplaceAllString(h.Value(), `nonce="N"`))
	}
	return lines
}

// checkSamePaths requires the fast path, when it takes data, to answer as
// sipgo's path does, with two registrars in the same state.
func checkSamePaths(t *testing.T, data []byte) (taken bool) {
	sFast, sSlow := diffServer(t), diffServer(t)
	fast, dFast, taken := answerFast(sFast, data)
	if !taken {
		return false
	}
	slow, dSlow, isRegister := answerSipgo(sSlow, data)
	if !isRegister {
		t.Fatalf("fast path took what sipgo does not read as a REGISTER:\n%q", data)
	}
	for _, dev := range []string{"dev-alice", "dev-bob"} {
		if f, s := sFast.Bindings(dev), sSlow.Bindings(dev); !reflect.DeepEqual(f, s) {
			t.Fatalf("bindings differ\nfast:  %+v\nsipgo: %+v\nrequest %q", f, s, data)
		}
	}
	if (fast == nil) != (slow == nil) {
		t.Fatalf("one path answers, the other not: fast %q, sipgo %q\nrequest %q", fast, slow, data)
	}
	if fast == nil {
		return true
	}
	if dFast != dSlow {
		t.Errorf("answer sent to %s by the fast path, %s by sipgo's", dFast, dSlow)
	}
	f, s := headerLines(t, fast), headerLines(t, slow)
	if strings.Join(f, "\n") != strings.Join(s, "\n") {
		t.Fatalf("answers differ\nfast:  %q\nsipgo: %q\nrequest %q", f, s, data)
	}
	return true
}

// diffRegister is a REGISTER in the plain form phones send, with
// credentials for user when auth is set, and extra header lines.
func diffRegister(tb testing.TB, user string, auth bool, extra ...string) []byte {
	msg := "REGISTER sip:" + testRealm + " SIP/2.0\r\n" +
		"Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK776asdhds;rport\r\n" +
		"Max-Forwards: 70\r\n" +
		"From: \"" + user + "\" <sip:" + user + "@" + testRealm + ">;tag=1928301774\r\n" +
		"To: \"" + user + "\" <sip:" + user + "@" + testRealm + ">\r\n" +
		"Call-ID: a84b4c76e66710@pc33\r\n" +
		"CSeq: 2 REGISTER\r\n" +
		"User-Agent: Yealink SIP-T54W 96.86.0.100\r\n"
	for _, e := range extra {
		msg += e + "\r\n"
	}
	if auth {
		nonce := digest.NewNonces([]byte("0123456789abcdef0123456789abcdef"), 0).Issue(diffNow)
		uri := "sip:" + testRealm
		cred := digest.Credentials{Username: user, Realm: testRealm, Nonce: nonce, URI: uri, Algorithm: digest.MD5,
			QOP: "auth", NC: "00000001", CNonce: "c0ffee"}
		cred.Response = digest.Response(digest.MD5, digest.HA1(digest.MD5, user, testRealm, "pw"), "REGISTER", uri,
			nonce, "00000001", "c0ffee", "auth")
		msg += "Authorization: " + cred.String() + "\r\n"
	}
	return []byte(msg + "Content-Length: 0\r\n\r\n")
}

// sippRegister is the second REGISTER of bench/register/register.xml
// as SIPp sends it, for alice.
func sippRegister(tb testing.TB) []byte {
	auth := string(diffRegister(tb, "alice", true))
	auth = auth[strings.Index(auth, "Authorization: "):]
	auth = strings.ReplaceAll(auth[:strings.Index(auth, "\r\n")], ", ", ",")
	return []byte("REGISTER sip:acme.example SIP/2.0\r\n" +
		"Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1234-1-2;rport\r\n" +
		"From: <sip:alice@acme.example>;tag=1234b1\r\n" +
		"To: <sip:alice@acme.example>\r\n" +
		"Call-ID: 1-1234@127.0.0.1\r\n" +
		"CSeq: 2 REGISTER\r\n" +
		"Contact: <sip:alice@127.0.0.1:5062;transport=UDP>\r\n" +
		auth + "\r\n" +
		"Max-Forwards: 70\r\nExpires: 3600\r\nUser-Agent: SIPp benchmark phone\r\nContent-Length: 0\r\n\r\n")
}

// plainContact is the Contact of the differential test's phone.
const plainContact = "Contact: <sip:alice@192.168.1.20:5062;transport=udp>;expires=600"

// fastPathCase is a REGISTER the fast path answers itself, and the status
// of its answer.
type fastPathCase struct {
	data []byte
	code int
}

// fastPathCases are REGISTERs the fast path answers itself.
func fastPathCases(tb testing.TB) map[string]fastPathCase {
	return map[string]fastPathCase{
		"challenge":               {diffRegister(tb, "alice", false, plainContact), 401},
		"registered":              {diffRegister(tb, "alice", true, plainContact, "Expires: 3600"), 200},
		"instance and reg-id":     {diffRegister(tb, "alice", true, `Contact: <sip:alice@192.168.1.20:5062>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000b82aabbcc>";reg-id=1`, "Supported: path, outbound"), 200},
		"unregister all":          {diffRegister(tb, "alice", true, "Contact: *", "Expires: 0"), 200},
		"wildcard with expiry":    {diffRegister(tb, "alice", true, "Contact: *", "Expires: 60"), 400},
		"own expiry beats header": {diffRegister(tb, "alice", true, plainContact, "Expires: 5"), 200},
		"too brief param":         {diffRegister(tb, "alice", true, "Contact: <sip:alice@192.168.1.20:5062>;expires=5"), 423},
		"malformed expires":       {diffRegister(tb, "alice", true, plainContact, "Expires: soon"), 400},
		"query only":              {diffRegister(tb, "alice", true), 200},
		"TLS required":            {diffRegister(tb, "bob", true, "Contact: <sip:bob@192.168.1.20:5062>"), 403},
		"wrong password": {[]byte(strings.Replace(string(diffRegister(tb, "alice", true, plainContact)),
			`response="`, `response="0`, 1)), 401},
		"unknown user":   {diffRegister(tb, "carol", true, plainContact), 401},
		"other AOR":      {[]byte(strings.Replace(string(diffRegister(tb, "alice", true, plainContact)), "To: \"alice\" <sip:alice@", "To: <sip:bob@", 1)), 403},
		"compact forms":  {[]byte(strings.NewReplacer("Via:", "v:", "From:", "f:", "To:", "t:", "Call-ID:", "i:", "Contact:", "m:", "Content-Length:", "l:").Replace(string(diffRegister(tb, "alice", true, plainContact)))), 200},
		"no rport":       {[]byte(strings.Replace(string(diffRegister(tb, "alice", false, plainContact)), ";rport", "", 1)), 401},
		"NAT":            {[]byte(strings.Replace(string(diffRegister(tb, "alice", false, plainContact)), "192.168.1.20:5062;branch", "10.0.0.7:5060;branch", 1)), 401},
		"two Vias":       {[]byte(strings.Replace(string(diffRegister(tb, "alice", false, plainContact)), "Max-Forwards", "Via: SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKother\r\nMax-Forwards", 1)), 401},
		"SIPp benchmark": {sippRegister(tb), 200},
		"To tagged":      {[]byte(strings.Replace(string(diffRegister(tb, "alice", false, plainContact)), "To: \"alice\" <sip:alice@acme.example>", "To: <sip:alice@acme.example>;tag=abc", 1)), 401},
	}
}

// TestFastPathAnswersAsSipgo holds the fast path to sipgo's answers on the
// forms it takes.
func TestFastPathAnswersAsSipgo(t *testing.T) {
	for name, c := range fastPathCases(t) {
		t.Run(name, func(t *testing.T) {
			if !checkSamePaths(t, c.data) {
				t.Fatalf("fast path did not take\n%s", c.data)
			}
			answer, _, _ := answerFast(diffServer(t), c.data)
			if want := fmt.Sprintf("SIP/2.0 %d ", c.code); !strings.HasPrefix(string(answer), want) {
				t.Fatalf("answer %q, want %s", answer, want)
			}
		})
	}
}

// TestFastPathFallsBack lists what the fast path leaves to sipgo.
func TestFastPathFallsBack(t *testing.T) {
	plain := string(diffRegister(t, "alice", false, plainContact))
	with := func(old, new string) string { return strings.Replace(plain, old, new, 1) }
	cases := map[string]string{
		"OPTIONS":               with("REGISTER sip", "OPTIONS sip"),
		"another version":       with(" SIP/2.0\r\n", " SIP/3.0\r\n"),
		"folded header":         with("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n"),
		"bare line feed":        with("Max-Forwards: 70\r\n", "Max-Forwards: 70\n"),
		"two Contact headers":   with(plainContact, plainContact+"\r\nContact: <sip:alice@192.168.1.20:5070>"),
		"two contacts in one":   with(plainContact, plainContact+", <sip:alice@192.168.1.20:5070>"),
		"Path":                  with("Max-Forwards", "Path: <sip:edge.example;lr>\r\nMax-Forwards"),
		"Require":               with("Max-Forwards", "Require: gruu\r\nMax-Forwards"),
		"body":                  strings.Replace(plain, "Content-Length: 0\r\n\r\n", "Content-Length: 2\r\n\r\nhi", 1),
		"received in Via":       with(";rport", ";rport;received=10.0.0.1"),
		"Via without version":   with("SIP/2.0/UDP", "SIP/UDP"),
		"two Vias in one":       with(";rport\r\n", ";rport, SIP/2.0/UDP 10.0.0.1\r\n"),
		"IPv6 Via":              with("192.168.1.20:5062;branch", "[2001:db8::1]:5062;branch"),
		"To without brackets":   with("To: \"alice\" <sip:alice@acme.example>", "To: sip:alice@acme.example"),
		"unquoted display name": with("To: \"alice\" <", "To: Alice Smith <"),
		"escaped user":          with("<sip:alice@acme.example>;tag", "<sip:al%69ce@acme.example>;tag"),
		"URI headers":           with(plainContact, "Contact: <sip:alice@192.168.1.20?X=1>"),
		"port with leading 0":   with(plainContact, "Contact: <sip:alice@192.168.1.20:05062>"),
		"CSeq of INVITE":        with("CSeq: 2 REGISTER", "CSeq: 2 INVITE"),
		"CSeq too large":        with("CSeq: 2 REGISTER", "CSeq: 2147483648 REGISTER"),
		"two Call-IDs":          with("CSeq:", "Call-ID: other\r\nCSeq:"),
		"no Call-ID":            with("Call-ID: a84b4c76e66710@pc33\r\n", ""),
		"UTF-8 display name":    with("To: \"alice\"", "To: \"alïce\""),
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			if _, _, ok := scanRegister(msg); ok {
				t.Fatalf("fast path took\n%s", msg)
			}
		})
	}
}

// TestFastPathSources lists the senders whose REGISTERs the fast path
// takes: IPv4, also as a dual-stack socket reports it, and not IPv6.
func TestFastPathSources(t *testing.T) {
	s := diffServer(t)
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s.fastUDP.Store(conn)
	data := diffRegister(t, "alice", false, plainContact)
	for _, c := range []struct {
		ip   net.IP
		want bool
	}{
		{net.IPv4(192, 168, 1, 20).To4(), true},
		{net.IPv4(192, 168, 1, 20), true}, // 16 bytes, IPv4-mapped
		{net.ParseIP("2001:db8::20"), false},
	} {
		if got := s.takeDatagram(&net.UDPAddr{IP: c.ip, Port: 5062}, data); got != c.want {
			t.Errorf("REGISTER from %v taken: %v, want %v", c.ip, got, c.want)
		}
	}
}

// FuzzFastPathAnswersAsSipgo feeds the same bytes to both paths.
func FuzzFastPathAnswersAsSipgo(f *testing.F) {
	for _, c := range fastPathCases(f) {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSamePaths(t, data)
	})
}
