package yealink

import (
	"crypto/hmac"
	"crypto/md5" //nolint:gosec // Content-MD5 is the API's body digest, not a choice of ours
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// The headers of a signed request (RPS JSON API, "Signature" section, as
// used by the public clients cited in the package comment).
const (
	HeaderKey       = "X-Ca-Key"
	HeaderNonce     = "X-Ca-Nonce"
	HeaderTimestamp = "X-Ca-Timestamp"
	HeaderSignature = "X-Ca-Signature"
	HeaderMD5       = "Content-MD5"
)

// ContentMD5 is the base64 MD5 of a request body, empty for no body.
func ContentMD5(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	sum := md5.Sum(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Sign computes X-Ca-Signature: the base64 HMAC-SHA256, keyed with the
// AccessKey secret, of
//
//	METHOD "\n" ["Content-MD5:" md5 "\n"] "X-Ca-Key:" key "\n"
//	"X-Ca-Nonce:" nonce "\n" "X-Ca-Timestamp:" ms "\n" path [ "\n" query ]
//
// where path has no leading slash and query is "k=v" pairs joined by "&",
// sorted by name. The slash and the sorting are unverified: both public clients
// strip the slash; they send a single parameter, so its order is moot.
func Sign(secret, method, contentMD5, key, nonce, timestamp string, u *url.URL) string {
	var b strings.Builder
	b.WriteString(method + "\n")
	if contentMD5 != "" {
		b.WriteString(HeaderMD5 + ":" + contentMD5 + "\n")
	}
	b.WriteString(HeaderKey + ":" + key + "\n")
	b.WriteString(HeaderNonce + ":" + nonce + "\n")
	b.WriteString(HeaderTimestamp + ":" + timestamp + "\n")
	b.WriteString(strings.TrimPrefix(u.Path, "/"))
	if q := u.Query(); len(q) > 0 {
		names := make([]string, 0, len(q))
		for k := range q {
			names = append(names, k)
		}
		sort.Strings(names)
		pairs := make([]string, 0, len(names))
		for _, k := range names {
			pairs = append(pairs, k+"="+q.Get(k))
		}
		b.WriteString("\n" + strings.Join(pairs, "&"))
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
