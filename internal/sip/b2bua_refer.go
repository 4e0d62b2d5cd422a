package sip

import (
	"errors"
	"net/url"
	"strings"

	"github.com/emiago/sipgo/sip"
)

// referTarget is a parsed Refer-To (RFC 3515): where to transfer, and for
// an attended transfer the dialog the new call replaces (RFC 3891).
type referTarget struct {
	uri      sip.Uri
	replaces *replaces
}

// replaces names a dialog: its Call-ID and tags as the sender sees them.
type replaces struct {
	callID, toTag, fromTag string
}

// maxReferTo bounds a Refer-To header we parse.
const maxReferTo = 2048

// parseReferTo reads a Refer-To value: a SIP URI in angle brackets or
// bare, with an optional Replaces header parameter. It comes from a
// caller and is refused, never trusted, when malformed.
func parseReferTo(v string) (referTarget, error) {
	var rt referTarget
	v = strings.TrimSpace(v)
	if len(v) > maxReferTo {
		return rt, errors.New("Refer-To too long")
	}
	if i := strings.IndexByte(v, '<'); i >= 0 {
		j := strings.IndexByte(v[i:], '>')
		if j < 0 {
			return rt, errors.New("Refer-To without closing bracket")
		}
		v = v[i+1 : i+j]
	} else if k := strings.IndexByte(v, ';'); k >= 0 {
		v = v[:k]
	}
	uri, headers, _ := strings.Cut(v, "?")
	if err := sip.ParseUri(uri, &rt.uri); err != nil {
		return rt, errors.New("Refer-To is not a SIP URI")
	}
	if (rt.uri.Scheme != "sip" && rt.uri.Scheme != "sips") || rt.uri.Host == "" {
		return rt, errors.New("Refer-To is not a SIP URI")
	}
	for _, kv := range strings.Split(headers, "&") {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.EqualFold(name, "Replaces") {
			continue
		}
		value, err := url.QueryUnescape(value)
		if err != nil {
			return rt, errors.New("Replaces is not escaped properly")
		}
		if rt.replaces, err = parseReplaces(value); err != nil {
			return rt, err
		}
	}
	return rt, nil
}

// parseReplaces reads a Replaces value: call-id;to-tag=…;from-tag=….
func parseReplaces(v string) (*replaces, error) {
	parts := strings.Split(v, ";")
	r := &replaces{callID: strings.TrimSpace(parts[0])}
	for _, p := range parts[1:] {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch strings.ToLower(name) {
		case "to-tag":
			r.toTag = value
		case "from-tag":
			r.fromTag = value
		}
	}
	if r.callID == "" || r.toTag == "" || r.fromTag == "" {
		return nil, errors.New("Replaces needs a Call-ID, to-tag and from-tag")
	}
	return r, nil
}
