package sip

import (
	"strconv"
	"strings"
)

// rawURI is a SIP URI in the plain form sip[s]:[user@]host[:port][;params]
// whose text is what sipgo would write for it, so the fast path can keep
// the text as written.
type rawURI struct {
	// text is the whole URI.
	text string
	// addr is its scheme:[user@]host[:port], a prefix of text.
	addr       string
	user, host string
}

// scanURI reads a URI; anything beyond the plain form is refused.
func scanURI(s string) (rawURI, bool) {
	rest, ok := strings.CutPrefix(s, "sip:")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "sips:"); !ok {
			return rawURI{}, false
		}
	}
	end := strings.IndexByte(rest, ';')
	if end < 0 {
		end = len(rest)
	}
	u := rawURI{text: s, addr: s[:len(s)-len(rest)+end]}
	hostport := rest[:end]
	if at := strings.IndexByte(hostport, '@'); at >= 0 {
		u.user, hostport = hostport[:at], hostport[at+1:]
		if !every(u.user, isUserChar) {
			return rawURI{}, false
		}
	}
	host, port, hasPort := strings.Cut(hostport, ":")
	if !every(host, isHostChar) || (hasPort && !validPort(port)) {
		return rawURI{}, false
	}
	u.host = host
	_, ok = scanParams(rest[end:], false)
	return u, ok
}

// rawNameAddr is a From, To or Contact value: an optional quoted display
// name, a URI in angle brackets and header parameters.
type rawNameAddr struct {
	uri    rawURI
	params rawParams
	// tagged is whether there is a tag parameter.
	tagged bool
}

// scanNameAddr reads a name-addr; quoted parameter values are taken only
// where quoted is set (Contact's +sip.instance).
func scanNameAddr(s string, quoted bool) (rawNameAddr, bool) {
	lt := strings.IndexByte(s, '<')
	if lt < 0 {
		return rawNameAddr{}, false
	}
	if d := strings.TrimRight(s[:lt], " "); d != "" && !isQuoted(d) {
		return rawNameAddr{}, false
	}
	gt := strings.IndexByte(s[lt:], '>')
	if gt < 0 {
		return rawNameAddr{}, false
	}
	u, ok := scanURI(s[lt+1 : lt+gt])
	if !ok {
		return rawNameAddr{}, false
	}
	a := rawNameAddr{uri: u, params: rawParams(s[lt+gt+1:])}
	a.tagged, ok = scanParams(string(a.params), quoted)
	return a, ok
}

// rawParams are ;name[=value] parameters as written.
type rawParams string

// get returns the first parameter called name, without quotes.
func (p rawParams) get(name string) (string, bool) {
	s := string(p)
	for s != "" {
		var kv string
		kv, s = cutParam(s[1:])
		k, v, _ := strings.Cut(kv, "=")
		if k == name {
			return strings.Trim(v, `"`), true
		}
	}
	return "", false
}

// scanParams checks ;name[=value] parameters: names and values tokens,
// values quoted strings too where quoted is set. It reports whether a tag
// parameter is among them.
func scanParams(s string, quoted bool) (tagged, ok bool) {
	for s != "" {
		if s[0] != ';' {
			return false, false
		}
		var kv string
		kv, s = cutParam(s[1:])
		k, v, hasValue := strings.Cut(kv, "=")
		if !every(k, isTokenChar) || (hasValue && !every(v, isTokenChar) && !(quoted && isQuoted(v))) {
			return false, false
		}
		tagged = tagged || k == "tag"
	}
	return tagged, true
}

// cutParam cuts one parameter before the next ';' outside quotes.
func cutParam(s string) (param, rest string) {
	in := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			in = !in
		case ';':
			if !in {
				return s[:i], s[i:]
			}
		}
	}
	return s, ""
}

// scanVia reads one Via value: SIP/2.0/transport host[:port];params, with
// no received parameter and rport at most once.
func scanVia(s string) (rawVia, bool) {
	rest, ok := strings.CutPrefix(s, "SIP/2.0/")
	sp := strings.IndexByte(rest, ' ')
	if !ok || sp <= 0 || !every(rest[:sp], isUpper) {
		return rawVia{}, false
	}
	rest = rest[sp+1:]
	end := strings.IndexByte(rest, ';')
	if end < 0 {
		end = len(rest)
	}
	var v rawVia
	host, port, hasPort := strings.Cut(rest[:end], ":")
	if !every(host, isHostChar) || (hasPort && !validPort(port)) {
		return rawVia{}, false
	}
	v.host = host
	if hasPort {
		v.port, _ = strconv.Atoi(port)
	}
	params := rest[end:]
	if _, ok := scanParams(params, false); !ok {
		return rawVia{}, false
	}
	for p := params; p != ""; {
		var kv string
		kv, p = cutParam(p[1:])
		k, val, _ := strings.Cut(kv, "=")
		switch {
		case k == "branch" && !v.hasBranch:
			v.branch, v.hasBranch = val, true
		case k == "rport" && !v.rport:
			v.rport = true
			if val == "" {
				v.rportEnd = len(s) - len(p)
			}
		case strings.EqualFold(k, "received") || strings.EqualFold(k, "rport") || strings.EqualFold(k, "branch"):
			return rawVia{}, false
		}
	}
	return v, true
}

// every reports whether s is not empty and every byte of it is ok.
func every(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return s != ""
}

func isUserChar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("-_.!~*'+&=$", c) >= 0
}

func isHostChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// isQuoted reports whether s is one quoted string without escapes.
func isQuoted(s string) bool {
	return len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.ContainsAny(s[1:len(s)-1], "\"\\")
}

// validPort is a port number as sipgo writes it: no leading zero.
func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && s[0] != '0' && s[0] != '+' && s[0] != '-' && n > 0 && n <= 65535
}
