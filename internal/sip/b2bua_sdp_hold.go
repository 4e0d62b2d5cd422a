package sip

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
)

// heldAnswer answers a phone's offer with a session that holds every
// stream, for a call whose other party is not there yet: the same m-lines
// in the same order (RFC 3264 §6), each accepted stream with the offer's
// port, formats and their rtpmap and fmtp lines, "a=inactive" (RFC 3264
// §5.1), and the connection address 0.0.0.0, so that not even RTCP leaves
// the phone for a real host (the "black hole" of RFC 3725 §4). A stream
// the offer rejected (port 0) stays rejected; an SRTP stream is answered
// with the offer's first crypto suite and a fresh key, or the phone would
// refuse the answer. origin is the answer's o= line. ok is false when the
// offer has no m-line to answer or a malformed one. The offer comes from a
// phone: it is read bounded, and only lines checked here are copied.
func heldAnswer(offer []byte, origin string) (body []byte, ok bool) {
	lines := strings.Split(strings.ReplaceAll(string(offer), "\r\n", "\n"), "\n")
	if len(lines) > maxSDPLines {
		lines = lines[:maxSDPLines]
	}
	conn := "c=IN IP4 0.0.0.0"
	for _, line := range lines {
		if strings.HasPrefix(line, "c=") {
			if strings.HasPrefix(line, "c=IN IP6 ") {
				conn = "c=IN IP6 ::"
			}
			break
		}
	}
	out := []string{"v=0", origin, "s=-", conn, "t=0 0"}
	streams, accepted, keyed := 0, false, false
	for _, line := range lines {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "m="):
			f := strings.Fields(line[2:])
			if len(f) < 4 || !isToken(f[0]) {
				return nil, false
			}
			port, _, _ := strings.Cut(f[1], "/")
			if !isDigits(port) {
				return nil, false
			}
			streams, accepted, keyed = streams+1, strings.Trim(port, "0") != "", false
			out = append(out, "m="+strings.Join(f, " "))
			if accepted {
				out = append(out, "a="+inactive)
			}
		case !accepted || strings.ContainsRune(line, '\r'):
		case strings.HasPrefix(line, "a=rtpmap:") || strings.HasPrefix(line, "a=fmtp:"):
			out = append(out, line)
		case strings.HasPrefix(line, "a=crypto:") && !keyed:
			if a, ok := cryptoAnswer(line); ok {
				out, keyed = append(out, a), true
			}
		}
	}
	if streams == 0 {
		return nil, false
	}
	return []byte(strings.Join(out, "\r\n") + "\r\n"), true
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// maxSRTPKey bounds the key length an SRTP offer may ask for (the
// largest suites of RFC 6188 take 46 bytes of key and salt).
const maxSRTPKey = 64

// cryptoAnswer answers an SDES crypto attribute (RFC 4568 §5.1.2): the
// same tag and suite, a new random key of the offered key's length.
func cryptoAnswer(line string) (string, bool) {
	f := strings.Fields(strings.TrimPrefix(line, "a=crypto:"))
	if len(f) < 3 || !strings.HasPrefix(f[2], "inline:") {
		return "", false
	}
	if _, err := strconv.ParseUint(f[0], 10, 31); err != nil || !isToken(f[1]) {
		return "", false
	}
	key, _, _ := strings.Cut(strings.TrimPrefix(f[2], "inline:"), "|")
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(raw) == 0 || len(raw) > maxSRTPKey {
		return "", false
	}
	fresh := make([]byte, len(raw))
	rand.Read(fresh)
	return "a=crypto:" + f[0] + " " + f[1] + " inline:" + base64.StdEncoding.EncodeToString(fresh), true
}

// newOrigin is the o= line of a session we describe ourselves, at
// version 0 (the first description sent raises it to 1): a random
// session id, and host as the address (RFC 4566 §5.2).
func newOrigin(host string) string {
	var b [8]byte
	rand.Read(b[:])
	id := strconv.FormatUint(binary.BigEndian.Uint64(b[:])>>2, 10)
	kind := "IP4"
	switch {
	case host == "":
		host = "0.0.0.0"
	case strings.Contains(host, ":"):
		kind, host = "IP6", strings.Trim(host, "[]")
	}
	return "o=switchboard " + id + " 0 IN " + kind + " " + host
}

// withOrigin returns the description with its o= line replaced by origin.
func withOrigin(body []byte, origin string) []byte {
	return mapSDPLines(body, func(line string) []string {
		if strings.HasPrefix(line, "o=") {
			return []string{origin}
		}
		return []string{line}
	})
}
