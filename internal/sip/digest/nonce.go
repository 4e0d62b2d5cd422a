package digest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"math/rand/v2"
	"sync"
	"time"
)

// Nonces issues and verifies stateless nonces: each nonce holds its issue
// time, a random part and an HMAC over both under a server secret, so any
// node with the same secret can check that it issued a nonce and how old
// it is without remembering it.
type Nonces struct {
	ttl time.Duration
	// macs holds keyed HMACs for reuse: keying one hashes the key's pads,
	// which cost as much as signing a nonce, twice for every REGISTER.
	macs sync.Pool
}

// NewNonces returns a nonce issuer. Nonces older than ttl are stale: the
// client is challenged again with stale=true and repeats the request
// without asking the user.
func NewNonces(key []byte, ttl time.Duration) *Nonces {
	key = append([]byte(nil), key...)
	n := &Nonces{ttl: ttl}
	n.macs.New = func() any { return &keyedMAC{mac: hmac.New(sha256.New, key)} }
	return n
}

// keyedMAC is a keyed HMAC with room for what it signs and its sum, so
// signing allocates nothing: bytes handed to the hash.Hash interface would
// escape to the heap.
type keyedMAC struct {
	mac hash.Hash
	in  [12]byte
	sum [sha256.Size]byte
}

const (
	nonceRaw = 8 + 4 + 12
	nonceLen = (nonceRaw*8 + 5) / 6
)

// Nonce is what a verified nonce says about itself.
type Nonce struct {
	// Issued is the issue time in Unix nanoseconds; together with Rand it
	// identifies the nonce and orders nonces for replay tracking.
	Issued int64
	Rand   uint32
}

// Issue returns a new nonce for time now.
func (n *Nonces) Issue(now time.Time) string {
	var b [nonceRaw]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(now.UnixNano()))
	binary.BigEndian.PutUint32(b[8:12], rand.Uint32())
	n.sign(b[:12], b[12:])
	var s [nonceLen]byte
	base64.RawURLEncoding.Encode(s[:], b[:])
	return string(s[:])
}

func (n *Nonces) sign(data, out []byte) {
	m := n.macs.Get().(*keyedMAC)
	m.mac.Reset()
	m.mac.Write(m.in[:copy(m.in[:], data)])
	copy(out, m.mac.Sum(m.sum[:0]))
	n.macs.Put(m)
}

// Verify checks that s is a nonce this issuer made. ok is false for a
// forged, malformed or future nonce; stale is true for a genuine nonce
// older than the issuer's lifetime.
func (n *Nonces) Verify(s string, now time.Time) (nonce Nonce, ok, stale bool) {
	if len(s) != nonceLen {
		return Nonce{}, false, false
	}
	var b [nonceRaw]byte
	if k, err := base64.RawURLEncoding.Decode(b[:], []byte(s)); err != nil || k != nonceRaw {
		return Nonce{}, false, false
	}
	var want [12]byte
	n.sign(b[:12], want[:])
	if !hmac.Equal(want[:], b[12:]) {
		return Nonce{}, false, false
	}
	nonce = Nonce{Issued: int64(binary.BigEndian.Uint64(b[0:8])), Rand: binary.BigEndian.Uint32(b[8:12])}
	age := now.UnixNano() - nonce.Issued
	if age < -int64(time.Minute) {
		return Nonce{}, false, false
	}
	return nonce, true, age > int64(n.ttl)
}
