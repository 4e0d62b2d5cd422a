package provision

import (
	"crypto/rand"
	"strconv"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// HTTP digest authentication (RFC 7616) for the initial login: phones
// answer a challenge with the username and one-time password typed into
// them. The scheme is SIP's (package digest parses, computes and issues
// the nonces); both algorithms phones use are offered, SHA-256 first (RFC
// 7616 §3.7: in order of preference) and MD5 for the many firmwares that
// know only it, with qop "auth" or the legacy form without qop.
const (
	digestRealm = "switchboard provisioning"
	// nonceLifetime is how long a nonce is taken; an older one gets a new
	// challenge with stale=true, so a phone answers again at once.
	nonceLifetime = time.Minute
	// maxNonceUses bounds the nonces remembered for replay checks; beyond
	// it, answers to new nonces get a new challenge until old ones expire.
	maxNonceUses = 100_000
)

// nonces issues the challenges' nonces and remembers, for each nonce still
// alive, the highest nonce count an accepted answer used, so an answer
// cannot be replayed: with qop each answer must count up, without qop a
// nonce is taken once.
type nonces struct {
	issuer *digest.Nonces
	mu     sync.Mutex
	used   map[string]nonceUse
}

// nonceUse is what was seen of one nonce.
type nonceUse struct {
	issued time.Time
	nc     uint64
}

func newNonces() *nonces {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &nonces{issuer: digest.NewNonces(key, nonceLifetime), used: map[string]nonceUse{}}
}

// nonce check results.
const (
	nonceOK = iota
	nonceStale
	nonceBad
)

// check says whether c's nonce is one of ours, alive and not replayed; an
// accepted answer's count is remembered.
func (n *nonces) check(c *digest.Credentials, now time.Time) int {
	nonce, ok, stale := n.issuer.Verify(c.Nonce, now)
	switch {
	case !ok:
		return nonceBad
	case stale:
		return nonceStale
	}
	nc := uint64(1)
	if c.QOP != "" {
		var err error
		if nc, err = strconv.ParseUint(c.NC, 16, 64); err != nil {
			return nonceBad
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	u, seen := n.used[c.Nonce]
	switch {
	case seen && nc <= u.nc:
		return nonceBad
	case !seen && len(n.used) >= maxNonceUses:
		n.sweepLocked(now)
		if len(n.used) >= maxNonceUses {
			return nonceStale
		}
	}
	n.used[c.Nonce] = nonceUse{issued: time.Unix(0, nonce.Issued), nc: nc}
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
	c := digest.Challenge{Realm: digestRealm, Nonce: n.issuer.Issue(now), QOP: "auth", Stale: stale}
	out := make([]string, 0, 2)
	for _, alg := range []string{digest.SHA256, digest.MD5} {
		c.Algorithm = alg
		out = append(out, c.String())
	}
	return out
}

// verifyLogin reports, in constant time, whether c answers the challenge
// for method with the one-time password.
func verifyLogin(c *digest.Credentials, method, password string) bool {
	return c.Realm == digestRealm && digest.Supported(c.Algorithm) &&
		digest.Check(c, digest.HA1(c.Algorithm, c.Username, c.Realm, password), method)
}
