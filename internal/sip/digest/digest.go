// Package digest implements SIP digest authentication as RFC 3261 uses it
// and RFC 8760 extends it: MD5 and SHA-256 with qop=auth, credentials
// parsing, challenges, and nonces that carry their own issue time so a
// registrar verifies them without keeping state per challenge.
package digest

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"strings"
)

// Algorithm names as they appear in the algorithm parameter.
const (
	MD5    = "MD5"
	SHA256 = "SHA-256"
)

// newHash returns the hash of a digest algorithm, or nil for an unknown one.
// An absent algorithm parameter means MD5 (RFC 2617 §3.2.1).
func newHash(algorithm string) hash.Hash {
	switch {
	case algorithm == "" || strings.EqualFold(algorithm, MD5):
		return md5.New()
	case strings.EqualFold(algorithm, SHA256):
		return sha256.New()
	}
	return nil
}

// Supported reports whether algorithm is one this package computes.
func Supported(algorithm string) bool { return newHash(algorithm) != nil }

// Canonical returns the spelling of a supported algorithm used in
// challenges and account records ("MD5" when absent).
func Canonical(algorithm string) string {
	if strings.EqualFold(algorithm, SHA256) {
		return SHA256
	}
	return MD5
}

// h returns the lower-case hex digest of the parts joined by ':'.
func h(algorithm string, parts ...string) string {
	hh := newHash(algorithm)
	if hh == nil {
		return ""
	}
	for i, p := range parts {
		if i > 0 {
			hh.Write([]byte{':'})
		}
		hh.Write([]byte(p))
	}
	return hex.EncodeToString(hh.Sum(nil))
}

// HA1 is H(username:realm:password). Stores keep it per realm so that
// verifying a request never needs the plaintext password.
func HA1(algorithm, username, realm, password string) string {
	return h(algorithm, username, realm, password)
}

// Response computes the request-digest for qop=auth (or without qop when
// qop is empty, the RFC 2069 form some old phones still send).
func Response(algorithm, ha1, method, uri, nonce, nc, cnonce, qop string) string {
	ha2 := h(algorithm, method, uri)
	if qop == "" {
		return h(algorithm, ha1, nonce, ha2)
	}
	return h(algorithm, ha1, nonce, nc, cnonce, qop, ha2)
}

// Check reports, in constant time, whether the credentials' response
// matches the one computed from ha1 for method. The uri is the one the
// client sent: clients differ in what they put there and both sides must
// hash the same string.
func Check(c *Credentials, ha1, method string) bool {
	want := Response(c.Algorithm, ha1, method, c.URI, c.Nonce, c.NC, c.CNonce, c.QOP)
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(c.Response))) == 1
}
