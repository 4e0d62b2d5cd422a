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
	"strings"
)

// Algorithm names as they appear in the algorithm parameter.
const (
	MD5    = "MD5"
	SHA256 = "SHA-256"
)

// Supported reports whether algorithm is one this package computes. An
// absent algorithm parameter means MD5 (RFC 2617 §3.2.1).
func Supported(algorithm string) bool {
	return algorithm == "" || strings.EqualFold(algorithm, MD5) || strings.EqualFold(algorithm, SHA256)
}

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
	if !Supported(algorithm) {
		return ""
	}
	var in [512]byte
	b := in[:0]
	for i, p := range parts {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, p...)
	}
	var out [64]byte
	return string(hexSum(&out, algorithm, b))
}

// hexSum writes the lower-case hex digest of b to out and returns the
// part written. A registrar checks a digest per REGISTER, so the hashes
// are computed on arrays rather than hash.Hash objects and strings.
func hexSum(out *[64]byte, algorithm string, b []byte) []byte {
	if strings.EqualFold(algorithm, SHA256) {
		sum := sha256.Sum256(b)
		return out[:hex.Encode(out[:], sum[:])]
	}
	sum := md5.Sum(b)
	return out[:hex.Encode(out[:], sum[:])]
}

// HA1 is H(username:realm:password). Stores keep it per realm so that
// verifying a request never needs the plaintext password.
func HA1(algorithm, username, realm, password string) string {
	return h(algorithm, username, realm, password)
}

// Response computes the request-digest for qop=auth (or without qop when
// qop is empty, the RFC 2069 form some old phones still send).
func Response(algorithm, ha1, method, uri, nonce, nc, cnonce, qop string) string {
	if !Supported(algorithm) {
		return ""
	}
	var out [64]byte
	return string(response(&out, algorithm, ha1, method, uri, nonce, nc, cnonce, qop))
}

// response writes the request-digest to out without allocating, for
// Response and for Check, which runs per REGISTER.
func response(out *[64]byte, algorithm, ha1, method, uri, nonce, nc, cnonce, qop string) []byte {
	var in [512]byte
	var ha2 [64]byte
	b := append(append(append(in[:0], method...), ':'), uri...)
	h2 := hexSum(&ha2, algorithm, b)
	b = append(append(append(in[:0], ha1...), ':'), nonce...)
	if qop != "" {
		b = append(append(append(append(append(append(b, ':'), nc...), ':'), cnonce...), ':'), qop...)
	}
	return hexSum(out, algorithm, append(append(b, ':'), h2...))
}

// Check reports, in constant time, whether the credentials' response
// matches the one computed from ha1 for method. The uri is the one the
// client sent: clients differ in what they put there and both sides must
// hash the same string.
func Check(c *Credentials, ha1, method string) bool {
	if !Supported(c.Algorithm) || len(c.Response) > 64 {
		return false
	}
	var want, got [64]byte
	w := response(&want, c.Algorithm, ha1, method, c.URI, c.Nonce, c.NC, c.CNonce, c.QOP)
	// The response compares without regard to case, as hex digits.
	for i := 0; i < len(c.Response); i++ {
		ch := c.Response[i]
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		got[i] = ch
	}
	return subtle.ConstantTimeCompare(w, got[:len(c.Response)]) == 1
}
