package digest

import (
	"strings"
	"testing"
	"time"
)

// RFC 2617 §3.5 and RFC 7616 §3.9.1 examples.
func TestResponseVectors(t *testing.T) {
	tests := []struct {
		name, alg, user, realm, pass, nonce, cnonce, want string
	}{
		{"rfc2617", "", "Mufasa", "testrealm@host.com", "Circle Of Life",
			"dcd98b7102dd2f0e8b11d0f600bfb0c093", "0a4f113b", "6629fae49393a05397450978507c4ef1"},
		{"rfc7616-md5", MD5, "Mufasa", "http-auth@example.org", "Circle of Life",
			"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
			"8ca523f5e9506fed4657c9700eebdbec"},
		{"rfc7616-sha256", SHA256, "Mufasa", "http-auth@example.org", "Circle of Life",
			"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
			"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha1 := HA1(tt.alg, tt.user, tt.realm, tt.pass)
			got := Response(tt.alg, ha1, "GET", "/dir/index.html", tt.nonce, "00000001", tt.cnonce, "auth")
			if got != tt.want {
				t.Fatalf("response = %s, want %s", got, tt.want)
			}
			c := &Credentials{Username: tt.user, Realm: tt.realm, Nonce: tt.nonce, URI: "/dir/index.html",
				Response: strings.ToUpper(tt.want), Algorithm: tt.alg, CNonce: tt.cnonce, QOP: "auth", NC: "00000001"}
			if !Check(c, ha1, "GET") {
				t.Fatal("Check refused the RFC example")
			}
			if Check(c, ha1, "POST") {
				t.Fatal("Check accepted the response for another method")
			}
		})
	}
}

func TestParseCredentials(t *testing.T) {
	v := `Digest username="alice", realm="ex.com", nonce="abc", uri="sip:ex.com", ` +
		`response="0123", algorithm=SHA-256, cnonce="x\"y", qop=auth, nc=0000000a, opaque=""`
	c, err := ParseCredentials(v)
	if err != nil {
		t.Fatal(err)
	}
	if c.Username != "alice" || c.Realm != "ex.com" || c.URI != "sip:ex.com" || c.Algorithm != SHA256 ||
		c.CNonce != `x"y` || c.QOP != "auth" || c.NC != "0000000a" {
		t.Fatalf("parsed %+v", c)
	}
	for _, bad := range []string{
		"", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", `Digest username="a`, `Digest username="a", nonce="n"`,
		`Digest username="a", nonce="n", uri="u", response="r", qop=auth`,
		"Digest " + strings.Repeat("a=b,", 2000),
	} {
		if _, err := ParseCredentials(bad); err == nil {
			t.Errorf("ParseCredentials(%q) accepted", bad)
		}
	}
}

func TestChallengeRoundTrip(t *testing.T) {
	c := &Challenge{Realm: "ex.com", Nonce: "n1", Algorithm: "sha-256", QOP: "auth", Stale: true}
	got, err := ParseChallenge(c.String())
	if err != nil {
		t.Fatal(err)
	}
	if got.Realm != "ex.com" || got.Nonce != "n1" || got.Algorithm != SHA256 || got.QOP != "auth" || !got.Stale {
		t.Fatalf("round trip gave %+v from %s", got, c.String())
	}
}

func TestNonces(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	n := NewNonces([]byte("secret"), 5*time.Minute)
	s := n.Issue(now)
	if got, ok, stale := n.Verify(s, now.Add(time.Minute)); !ok || stale || got.Issued != now.UnixNano() {
		t.Fatalf("fresh nonce: ok=%v stale=%v issued=%d", ok, stale, got.Issued)
	}
	if _, ok, stale := n.Verify(s, now.Add(6*time.Minute)); !ok || !stale {
		t.Fatalf("old nonce: ok=%v stale=%v, want genuine and stale", ok, stale)
	}
	if _, ok, _ := NewNonces([]byte("other"), time.Minute).Verify(s, now); ok {
		t.Fatal("nonce verified under another secret")
	}
	forged := []byte(s)
	forged[3] ^= 1
	if _, ok, _ := n.Verify(string(forged), now); ok {
		t.Fatal("altered nonce verified")
	}
	if _, ok, _ := n.Verify(n.Issue(now.Add(time.Hour)), now); ok {
		t.Fatal("nonce from the future verified")
	}
	if n.Issue(now) == s {
		t.Fatal("two nonces for the same instant are equal")
	}
}

func FuzzParseCredentials(f *testing.F) {
	f.Add(`Digest username="a", nonce="n", uri="sip:x", response="r", qop=auth, nc=1, cnonce="c"`)
	f.Add(`Digest a="\`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCredentials(s)
		if err == nil && (c.Username == "" || c.Nonce == "") {
			t.Fatalf("accepted credentials without username or nonce: %q", s)
		}
		_, _ = ParseChallenge(s)
	})
}

// FuzzCheck holds Check to its definition: the response computed by
// Response, compared without regard to case.
func FuzzCheck(f *testing.F) {
	f.Add("", "alice", "sip:ex.com", "abc", "00000001", "c0ffee", "auth", "")
	f.Add(SHA256, "bob", "sip:ex.com;transport=tcp", strings.Repeat("n", 600), "00000002", "x", "auth", "")
	f.Add("sha-256", "carol", "sip:ex.com", "abc", "", "", "", "0")
	f.Add("SHA-512", "dave", "sip:ex.com", "abc", "00000001", "c", "auth", "")
	f.Fuzz(func(t *testing.T, alg, user, uri, nonce, nc, cnonce, qop, noise string) {
		ha1 := HA1(alg, user, "ex.com", "pw")
		good := Response(alg, ha1, "REGISTER", uri, nonce, nc, cnonce, qop)
		for _, resp := range []string{good, strings.ToUpper(good), good + noise, noise} {
			c := &Credentials{Username: user, Nonce: nonce, URI: uri, Response: resp, Algorithm: alg, CNonce: cnonce, QOP: qop, NC: nc}
			want := good != "" && strings.ToLower(resp) == good
			if got := Check(c, ha1, "REGISTER"); got != want {
				t.Fatalf("Check(%+v) = %v, want %v", c, got, want)
			}
		}
	})
}

// TestRegisterWorkAllocates bounds the allocations of what a registrar
// does per REGISTER: issue a nonce (its string), verify one and check a
// response (none).
func TestRegisterWorkAllocates(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	n := NewNonces([]byte("0123456789abcdef"), time.Minute)
	now := time.Now()
	nonce := n.Issue(now)
	ha1 := HA1(MD5, "alice", "ex.com", "pw")
	c := &Credentials{Username: "alice", Nonce: nonce, URI: "sip:ex.com", Algorithm: MD5, CNonce: "c0ffee", QOP: "auth", NC: "00000001"}
	c.Response = Response(MD5, ha1, "REGISTER", c.URI, nonce, c.NC, c.CNonce, c.QOP)
	for name, tc := range map[string]struct {
		max float64
		f   func()
	}{
		"Issue":  {1, func() { n.Issue(now) }},
		"Verify": {0, func() { n.Verify(nonce, now) }},
		"Check":  {0, func() { Check(c, ha1, "REGISTER") }},
	} {
		if got := testing.AllocsPerRun(100, tc.f); got > tc.max {
			t.Errorf("%s: %.0f allocations, want at most %.0f", name, got, tc.max)
		}
	}
}
