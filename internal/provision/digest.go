package provision

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HTTP digest authentication (RFC 7616) for the initial login: phones
// answer a challenge with the username and one-time password typed into
// them. Both algorithms phones use are offered, SHA-256 first (RFC 7616
// §3.7: in order of preference) and MD5 for the many firmwares that know
// only it; qop "auth" and the legacy form without qop (RFC 2069) are taken.
const (
	digestRealm = "switchboard provisioning"
	// nonceLifetime is how long a nonce is taken; an older one gets a new
	// challenge with stale=true, so a phone answers again at once.
	nonceLifetime = time.Minute
	// maxNonceUses bounds the nonces remembered for replay checks; beyond
	// it, answers to new nonces get a new challenge until old ones expire.
	maxNonceUses = 100_000
)

// digestCreds is a parsed Authorization: Digest header.
type digestCreds struct {
	username, realm, nonce, uri, response string
	algorithm, qop, nc, cnonce            string
}

// errDigest is any Authorization header that is not a usable digest answer.
var errDigest = errors.New("not a digest answer Switchboard takes")

// parseDigest reads an Authorization header of the Digest scheme: comma
// separated name=value pairs, values quoted (with backslash escapes) or
// tokens. Unknown parameters are ignored; a parameter given twice, a
// missing required one or anything malformed is an error.
func parseDigest(h string) (digestCreds, error) {
	scheme, rest, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Digest") {
		return digestCreds{}, errDigest
	}
	var c digestCreds
	fields := map[string]*string{
		"username": &c.username, "realm": &c.realm, "nonce": &c.nonce, "uri": &c.uri, "response": &c.response,
		"algorithm": &c.algorithm, "qop": &c.qop, "nc": &c.nc, "cnonce": &c.cnonce,
	}
	seen := map[string]bool{}
	for {
		rest = strings.TrimLeft(rest, " \t,")
		if rest == "" {
			break
		}
		name, after, ok := strings.Cut(rest, "=")
		if !ok {
			return digestCreds{}, errDigest
		}
		name = strings.ToLower(strings.TrimSpace(name))
		value, tail, err := digestValue(strings.TrimLeft(after, " \t"))
		if err != nil || name == "" || seen[name] {
			return digestCreds{}, errDigest
		}
		seen[name] = true
		if p, ok := fields[name]; ok {
			*p = value
		}
		rest = tail
	}
	if c.username == "" || c.nonce == "" || c.uri == "" || c.response == "" || (c.qop == "") != (c.nc == "" && c.cnonce == "") {
		return digestCreds{}, errDigest
	}
	return c, nil
}

// digestValue reads one value, quoted or a token, and returns the rest
// after the comma that ends it.
func digestValue(s string) (value, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		v, r, _ := strings.Cut(s, ",")
		v = strings.TrimSpace(v)
		if strings.ContainsAny(v, "\" \t") {
			return "", "", errDigest
		}
		return v, r, nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) {
				return "", "", errDigest
			}
			i++
			b.WriteByte(s[i])
		case '"':
			r := strings.TrimLeft(s[i+1:], " \t")
			if r != "" && r[0] != ',' {
				return "", "", errDigest
			}
			return b.String(), strings.TrimPrefix(r, ","), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", "", errDigest
}

// hasher returns the hash of a digest algorithm; nil for one not taken
// (the -sess variants included: no phone needs them).
func hasher(algorithm string) func() hash.Hash {
	switch strings.ToUpper(algorithm) {
	case "", "MD5":
		return md5.New
	case "SHA-256":
		return sha256.New
	}
	return nil
}

// verify reports whether the answer was computed with password for a
// request of method; the response is compared in constant time.
func (c digestCreds) verify(method, password string) bool {
	newHash := hasher(c.algorithm)
	if newHash == nil || c.realm != digestRealm {
		return false
	}
	h := func(parts ...string) string {
		d := newHash()
		d.Write([]byte(strings.Join(parts, ":")))
		return hex.EncodeToString(d.Sum(nil))
	}
	ha1, ha2 := h(c.username, c.realm, password), h(method, c.uri)
	want := h(ha1, c.nonce, ha2)
	if c.qop != "" {
		want = h(ha1, c.nonce, c.nc, c.cnonce, c.qop, ha2)
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(c.response))) == 1
}

// nonces issues nonces that carry their own time under a MAC of the
// server's, so no state is kept for a challenge; what is kept is the
// highest nonce count used with each nonce still alive, so an answer
// cannot be replayed: with qop each answer must count up, without qop a
// nonce is taken once.
type nonces struct {
	key  [32]byte
	mu   sync.Mutex
	used map[string]nonceUse
}

// nonceUse is what was seen of one nonce.
type nonceUse struct {
	issued time.Time
	nc     uint64
}

func newNonces() *nonces {
	n := &nonces{used: map[string]nonceUse{}}
	_, _ = rand.Read(n.key[:])
	return n
}

// issue returns a new nonce for now.
func (n *nonces) issue(now time.Time) string {
	b := make([]byte, 8, 8+sha256.Size)
	binary.BigEndian.PutUint64(b, uint64(now.UnixNano()))
	m := hmac.New(sha256.New, n.key[:])
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(m.Sum(b))
}

// nonce check results.
const (
	nonceOK = iota
	nonceStale
	nonceBad
)

// check says whether c's nonce is one of ours, alive and not replayed;
// an accepted answer's count is remembered.
func (n *nonces) check(c digestCreds, now time.Time) int {
	raw, err := base64.RawURLEncoding.DecodeString(c.nonce)
	if err != nil || len(raw) != 8+sha256.Size {
		return nonceBad
	}
	m := hmac.New(sha256.New, n.key[:])
	m.Write(raw[:8])
	if !hmac.Equal(m.Sum(nil), raw[8:]) {
		return nonceBad
	}
	issued := time.Unix(0, int64(binary.BigEndian.Uint64(raw[:8])))
	if now.Sub(issued) > nonceLifetime || issued.After(now.Add(time.Second)) {
		return nonceStale
	}
	nc := uint64(1)
	if c.qop != "" {
		if nc, err = strconv.ParseUint(c.nc, 16, 64); err != nil || c.qop != "auth" {
			return nonceBad
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	u, seen := n.used[c.nonce]
	switch {
	case seen && nc <= u.nc:
		return nonceBad
	case !seen && len(n.used) >= maxNonceUses:
		n.sweepLocked(now)
		if len(n.used) >= maxNonceUses {
			return nonceStale
		}
	}
	n.used[c.nonce] = nonceUse{issued: issued, nc: nc}
	return nonceOK
}

// sweep forgets the nonces that expired.
func (n *nonces) sweep(now time.Time) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sweepLocked(now)
}

func (n *nonces) sweepLocked(now time.Time) {
	for k, u := range n.used {
		if now.Sub(u.issued) > nonceLifetime {
			delete(n.used, k)
		}
	}
}

// challenge is the WWW-Authenticate values for a new nonce, SHA-256 first.
func (n *nonces) challenge(now time.Time, stale bool) []string {
	nonce := n.issue(now)
	tail := `, qop="auth", nonce="` + nonce + `"`
	if stale {
		tail += ", stale=true"
	}
	return []string{
		`Digest realm="` + digestRealm + `", algorithm=SHA-256` + tail,
		`Digest realm="` + digestRealm + `", algorithm=MD5` + tail,
	}
}
