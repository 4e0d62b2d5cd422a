package app

import (
	"crypto/rand"
	"encoding/hex"
)

// Secrets come from crypto/rand only. rand.Read never fails on supported
// platforms (it crashes the program instead), so these helpers return no
// error.

// randomHex returns n random bytes as 2n hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randomFrom returns n characters drawn uniformly from alphabet.
func randomFrom(alphabet string, n int) string {
	out := make([]byte, n)
	for i := range out {
		out[i] = alphabet[randomIndex(len(alphabet))]
	}
	return string(out)
}

// randomIndex returns a uniform integer in [0, n) for n <= 256, rejecting
// bytes that would bias the result.
func randomIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		_, _ = rand.Read(b[:])
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

const (
	digits       = "0123456789"
	lowerAlnum   = "abcdefghijkmnpqrstuvwxyz23456789"
	strongAlnum  = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
	accessKeyLen = 24 // bytes: 192 bits, 48 hex digits
)

// randomDigits returns n random decimal digits, for device passwords a
// phone's keypad can type.
func randomDigits(n int) string { return randomFrom(digits, n) }
