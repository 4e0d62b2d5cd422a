package sip

import (
	"regexp"
	"strconv"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// defaultAlgorithms are offered when Options.Algorithms names none: MD5
// first, because many phones and SIPp take the first challenge they can
// read, and SHA-256 beside it for clients that prefer it (RFC 8760).
var defaultAlgorithms = []string{digest.MD5, digest.SHA256}

// md5Only lists clients that give up on a 401 as soon as any of its
// challenges names an algorithm they lack, instead of answering the one
// they know: they are offered MD5 alone when the operator leaves the
// algorithms to Switchboard. Each names the first version that answers a
// SHA-256 challenge, with where that is written down beside it.
var md5Only = []struct {
	userAgent *regexp.Regexp
	fixedIn   [2]int
}{
	// baresip 1.0 (Debian's) answers an RFC 8760 challenge pair with
	// the error ENOSYS (Register fails); libre learnt SHA-256 digests in
	// baresip/re pull request #1103, released with re and baresip 3.11.0.
	{regexp.MustCompile(`^baresip v([0-9]+)\.([0-9]+)`), [2]int{3, 11}},
}

// offer returns the digest algorithms to challenge a client named ua with, one
// WWW-Authenticate each, in order: the operator's list when one is set
// (Options.Algorithms), else defaultAlgorithms, with MD5 alone for the
// clients of md5Only.
func (s *Server) offer(ua string) []string {
	if len(s.opt.Algorithms) > 0 {
		return s.opt.Algorithms
	}
	if ua != "" && lacksSHA256(ua) {
		return []string{digest.MD5}
	}
	return defaultAlgorithms
}

// lacksSHA256 reports whether the User-Agent is one of md5Only's clients in
// a version before its fix.
func lacksSHA256(ua string) bool {
	for _, c := range md5Only {
		m := c.userAgent.FindStringSubmatch(ua)
		if m == nil {
			continue
		}
		major, err1 := strconv.Atoi(m[1])
		minor, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil {
			return true
		}
		return major < c.fixedIn[0] || major == c.fixedIn[0] && minor < c.fixedIn[1]
	}
	return false
}
