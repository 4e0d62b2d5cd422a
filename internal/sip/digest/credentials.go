package digest

import (
	"errors"
	"strings"
)

// Credentials are the parameters of an Authorization or
// Proxy-Authorization header with the Digest scheme.
type Credentials struct {
	Username  string
	Realm     string
	Nonce     string
	URI       string
	Response  string
	Algorithm string
	CNonce    string
	Opaque    string
	QOP       string
	NC        string
}

// MaxHeaderLength bounds what ParseCredentials reads, so a hostile header
// cannot make the parser work on megabytes.
const MaxHeaderLength = 4096

// ErrMalformed is returned for a header that is not Digest credentials.
var ErrMalformed = errors.New("malformed digest credentials")

// ParseCredentials parses the value of an Authorization header. It accepts
// quoted and unquoted values in any order and ignores unknown parameters.
func ParseCredentials(value string) (*Credentials, error) {
	if len(value) > MaxHeaderLength {
		return nil, ErrMalformed
	}
	v := strings.TrimSpace(value)
	if len(v) < 7 || !strings.EqualFold(v[:6], "Digest") || (v[6] != ' ' && v[6] != '\t') {
		return nil, ErrMalformed
	}
	params, err := parseParams(v[7:])
	if err != nil {
		return nil, err
	}
	c := &Credentials{}
	for _, p := range params {
		switch strings.ToLower(p[0]) {
		case "username":
			c.Username = p[1]
		case "realm":
			c.Realm = p[1]
		case "nonce":
			c.Nonce = p[1]
		case "uri":
			c.URI = p[1]
		case "response":
			c.Response = p[1]
		case "algorithm":
			c.Algorithm = p[1]
		case "cnonce":
			c.CNonce = p[1]
		case "opaque":
			c.Opaque = p[1]
		case "qop":
			c.QOP = p[1]
		case "nc":
			c.NC = p[1]
		}
	}
	if c.Username == "" || c.Nonce == "" || c.Response == "" || c.URI == "" {
		return nil, ErrMalformed
	}
	if c.QOP != "" && (!strings.EqualFold(c.QOP, "auth") || c.NC == "" || c.CNonce == "") {
		return nil, ErrMalformed
	}
	return c, nil
}

// Challenge is a WWW-Authenticate or Proxy-Authenticate header value.
type Challenge struct {
	Realm     string
	Nonce     string
	Algorithm string
	Opaque    string
	QOP       string
	Stale     bool
}

// String renders the challenge as a header value.
func (c *Challenge) String() string {
	var b strings.Builder
	b.Grow(64 + len(c.Realm) + len(c.Nonce) + len(c.QOP) + len(c.Opaque)) // one allocation per challenge
	b.WriteString(`Digest realm="`)
	b.WriteString(c.Realm)
	b.WriteString(`", nonce="`)
	b.WriteString(c.Nonce)
	b.WriteString(`", algorithm=`)
	b.WriteString(Canonical(c.Algorithm))
	if c.QOP != "" {
		b.WriteString(`, qop="`)
		b.WriteString(c.QOP)
		b.WriteString(`"`)
	}
	if c.Opaque != "" {
		b.WriteString(`, opaque="`)
		b.WriteString(c.Opaque)
		b.WriteString(`"`)
	}
	if c.Stale {
		b.WriteString(", stale=true")
	}
	return b.String()
}

// ParseChallenge parses a WWW-Authenticate or Proxy-Authenticate value
// with the Digest scheme; the NOTIFY sender uses it to answer a phone.
func ParseChallenge(value string) (*Challenge, error) {
	v := strings.TrimSpace(value)
	if len(v) > MaxHeaderLength || len(v) < 7 || !strings.EqualFold(v[:6], "Digest") {
		return nil, ErrMalformed
	}
	params, err := parseParams(v[7:])
	if err != nil {
		return nil, err
	}
	c := &Challenge{}
	for _, p := range params {
		switch strings.ToLower(p[0]) {
		case "realm":
			c.Realm = p[1]
		case "nonce":
			c.Nonce = p[1]
		case "algorithm":
			c.Algorithm = p[1]
		case "opaque":
			c.Opaque = p[1]
		case "qop":
			c.QOP = p[1]
		case "stale":
			c.Stale = strings.EqualFold(p[1], "true")
		}
	}
	if c.Nonce == "" {
		return nil, ErrMalformed
	}
	return c, nil
}

// parseParams splits `a=b, c="d, e"` into name/value pairs.
func parseParams(s string) ([][2]string, error) {
	out := make([][2]string, 0, 12)
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++
		}
		if i == len(s) {
			break
		}
		start := i
		for i < len(s) && s[i] != '=' && s[i] != ',' {
			i++
		}
		if i == len(s) || s[i] != '=' {
			return nil, ErrMalformed
		}
		name := strings.TrimSpace(s[start:i])
		i++
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		var val string
		if end, ok := plainQuoted(s[i:]); ok {
			val = s[i+1 : i+end]
			i += end + 1
		} else if i < len(s) && s[i] == '"' {
			i++
			var b strings.Builder
			closed := false
			for i < len(s) {
				c := s[i]
				if c == '\\' && i+1 < len(s) {
					b.WriteByte(s[i+1])
					i += 2
					continue
				}
				i++
				if c == '"' {
					closed = true
					break
				}
				b.WriteByte(c)
			}
			if !closed {
				return nil, ErrMalformed
			}
			val = b.String()
		} else {
			start := i
			for i < len(s) && s[i] != ',' {
				i++
			}
			val = strings.TrimSpace(s[start:i])
		}
		if name == "" {
			return nil, ErrMalformed
		}
		out = append(out, [2]string{name, val})
		if len(out) > 32 {
			return nil, ErrMalformed
		}
	}
	return out, nil
}

// plainQuoted reports whether s starts with a quoted string without
// escapes, and the offset of its closing quote: the usual case, taken
// without copying.
func plainQuoted(s string) (end int, ok bool) {
	if len(s) == 0 || s[0] != '"' {
		return 0, false
	}
	end = strings.IndexAny(s[1:], `"\`) + 1
	return end, end > 0 && s[end] == '"'
}

// quoted escapes a quoted-string's backslashes and quotes (RFC 3261 §25.1).
var quoted = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// String renders the credentials as an Authorization header value.
func (c *Credentials) String() string {
	var b strings.Builder
	q := func(name, v string) {
		b.WriteString(", ")
		b.WriteString(name)
		b.WriteString(`="`)
		b.WriteString(quoted.Replace(v))
		b.WriteString(`"`)
	}
	b.WriteString(`Digest username="`)
	b.WriteString(quoted.Replace(c.Username))
	b.WriteString(`"`)
	q("realm", c.Realm)
	q("nonce", c.Nonce)
	q("uri", c.URI)
	q("response", c.Response)
	b.WriteString(", algorithm=")
	b.WriteString(Canonical(c.Algorithm))
	if c.Opaque != "" {
		q("opaque", c.Opaque)
	}
	if c.QOP != "" {
		b.WriteString(", qop=")
		b.WriteString(c.QOP)
		b.WriteString(", nc=")
		b.WriteString(c.NC)
		q("cnonce", c.CNonce)
	}
	return b.String()
}
