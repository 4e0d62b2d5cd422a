package switchboard

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"strings"
	"time"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns an opaque identifier such as "dev_01h2…". The first six bytes
// are the creation time in milliseconds, so ids sort roughly by creation and
// keyset pagination over them lists newest last; the rest is random so ids
// cannot be guessed from one another.
func NewID(prefix string, now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("switchboard: no randomness: " + err.Error())
	}
	return prefix + "_" + strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// IsID reports whether s has the form NewID gives ids: a prefix of
// lower-case letters, "_" and the 26 characters of the encoded time and
// randomness.
func IsID(s string) bool {
	prefix, rest, ok := strings.Cut(s, "_")
	if prefix == "" || !ok || len(rest) != 26 || strings.ContainsFunc(prefix, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return false
	}
	_, err := idEncoding.DecodeString(rest)
	return err == nil
}
