package sip

import (
	"hash/maphash"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
)

// The registrar's fast path reads a UDP REGISTER from its bytes instead of
// sipgo's message model. Profiles of serve under a REGISTER load
// (BENCHMARKS.md, "REGISTER") put sipgo's parser at 12 % of the CPU and
// building the answer from cloned headers at most of the 34–38 % spent
// answering, with allocation and garbage collection at 16 % and 7 %: a
// parsed header tree per request and a response built anew from copies.
// A REGISTER needs a dozen headers and its answer copies five of them
// (RFC 3261 §8.2.6), so scanRegister finds those in the datagram and
// fastreg.go writes the answer from the request's own bytes. It accepts
// only the plain form phones send; anything else (line folding, several
// values in one header, Path, Require, a body, IPv6, escaped or unusual
// URIs) is left to sipgo, whose decision is the reference: the
// differential fuzz test holds both paths to the same answers.

// rawRegister is a REGISTER datagram that scanRegister understood fully.
type rawRegister struct {
	// msg is the whole datagram; the fields below are substrings of it.
	msg string
	// src is the sender's address, conn the socket it came on.
	src  netip.AddrPort
	conn *net.UDPConn
	// vias are the Via header values in order, one via each.
	vias                   []string
	from, to, callID, cseq string
	// toTagged is whether To has a tag parameter.
	toTagged bool
	// via is the first Via's sent-by and parameters.
	via rawVia
	// scan is what holds this request, to release once it is answered.
	scan *scanned
}

// rawVia is what answering reads of the first Via.
type rawVia struct {
	host string
	port int
	// branch is the branch parameter's value, hasBranch whether there is one.
	branch    string
	hasBranch bool
	// rport is whether the rport parameter is there; rportEnd is the
	// offset just past it in the Via value when it has no value.
	rport    bool
	rportEnd int
}

// scanRegister reads a REGISTER datagram. It returns ok false for anything
// outside the plain form it knows; the caller then hands the datagram to
// sipgo.
func scanRegister(m string) (raw *rawRegister, req *regRequest, ok bool) {
	rest, ok := strings.CutPrefix(m, "REGISTER ")
	if !ok {
		return nil, nil, false
	}
	line, rest, ok := cutLine(rest)
	if !ok {
		return nil, nil, false
	}
	ruri, ok := strings.CutSuffix(line, " SIP/2.0")
	if _, ok2 := scanURI(ruri); !ok || !ok2 {
		return nil, nil, false
	}
	f := scans.Get().(*scanned)
	if !f.scan(m, rest) {
		f.release()
		return nil, nil, false
	}
	return &f.raw, &f.req, true
}

// scan reads the header lines in rest of the datagram m into f.
func (f *scanned) scan(m, rest string) bool {
	raw, req := &f.raw, &f.req
	raw.msg, raw.vias, raw.scan, req.raw, req.contacts = m, f.vias[:0], f, raw, f.contacts[:0]
	var seen headerSet
	for {
		line, next, ok := cutLine(rest)
		if !ok {
			return false
		}
		rest = next
		if line == "" {
			break
		}
		name, value, ok := splitHeader(line)
		if !ok || !raw.header(req, &seen, name, value) {
			return false
		}
	}
	return rest == "" && len(raw.vias) > 0 && raw.from != "" && raw.to != "" && raw.callID != "" && raw.cseq != ""
}

// scanned holds a scanned request in one allocation, with room for the
// usual number of Vias and the one Contact the fast path takes.
type scanned struct {
	raw      rawRegister
	req      regRequest
	vias     [2]string
	contacts [1]regContact
}

// scans are the scanned requests the fast path reuses: allocating one per
// datagram was more than a quarter of the bytes a registration allocated
// (BenchmarkRegisterPaths).
var scans = sync.Pool{New: func() any { return new(scanned) }}

// release hands f back for the next datagram once its request has been
// answered or dropped; nothing may hold f or its parts afterwards. It
// clears f so that the datagram's text is not kept alive by the pool.
func (f *scanned) release() {
	*f = scanned{}
	scans.Put(f)
}

// headerSet marks the headers seen once already.
type headerSet uint16

// once marks h and reports whether it was not seen before.
func (s *headerSet) once(h headerSet) bool {
	if *s&h != 0 {
		return false
	}
	*s |= h
	return true
}

const (
	hFrom headerSet = 1 << iota
	hTo
	hCallID
	hCSeq
	hContact
	hExpires
	hAuthorization
	hMaxForwards
	hContentLength
	hUserAgent
	hAccessInfo
)

// header records one header line; false means the fast path does not take
// the request.
func (raw *rawRegister) header(req *regRequest, seen *headerSet, name, value string) bool {
	switch kindOf(name) {
	case kVia:
		v, ok := scanVia(value)
		if !ok {
			return false
		}
		if len(raw.vias) == 0 {
			raw.via = v
		}
		raw.vias = append(raw.vias, value)
		return true
	case kFrom:
		_, ok := scanNameAddr(value, false)
		raw.from = value
		return ok && seen.once(hFrom)
	case kTo:
		a, ok := scanNameAddr(value, false)
		raw.to, raw.toTagged = value, a.tagged
		// The To user may stay as a key in the account cache; a copy keeps
		// the datagram from staying with it.
		req.toUser, req.toHost, req.toAOR = strings.Clone(a.uri.user), a.uri.host, a.uri.addr
		return ok && seen.once(hTo)
	case kCallID:
		raw.callID, req.callID = value, value
		return value != "" && seen.once(hCallID)
	case kCSeq:
		n, ok := strings.CutSuffix(value, " REGISTER")
		seq, err := strconv.ParseUint(n, 10, 31)
		raw.cseq, req.cseq = value, uint32(seq)
		return ok && err == nil && seen.once(hCSeq)
	case kContact:
		return raw.contact(req, value) && seen.once(hContact)
	case kExpires:
		req.expires, req.hasExpires = value, true
		return seen.once(hExpires)
	case kAuthorization:
		req.auth, req.hasAuth = value, true
		return seen.once(hAuthorization)
	case kMaxForwards:
		_, err := strconv.ParseUint(value, 10, 32)
		return err == nil && seen.once(hMaxForwards)
	case kContentLength:
		return value == "0" && seen.once(hContentLength)
	case kUserAgent:
		req.userAgent = value
		return seen.once(hUserAgent)
	case kAccessInfo:
		req.accessInfo = value
		return seen.once(hAccessInfo)
	case kRefused:
		return false
	}
	return true
}

// contact records the Contact header's one value.
func (raw *rawRegister) contact(req *regRequest, value string) bool {
	if value == "*" {
		req.contacts = append(req.contacts, regContact{wildcard: true})
		return true
	}
	a, ok := scanNameAddr(value, true)
	if !ok {
		return false
	}
	c := regContact{uri: a.uri.text}
	c.expires, c.hasExpires = a.params.get("expires")
	c.instance, c.hasInstance = a.params.get("+sip.instance")
	c.regID, c.hasRegID = a.params.get("reg-id")
	req.contacts = append(req.contacts, c)
	return true
}

// headerKind is what the fast path makes of a header name.
type headerKind uint8

const (
	kOther headerKind = iota
	kVia
	kFrom
	kTo
	kCallID
	kCSeq
	kContact
	kExpires
	kAuthorization
	kMaxForwards
	kContentLength
	kUserAgent
	kAccessInfo
	kSupported
	// kRefused are headers sipgo parses itself or that ask for more than
	// a plain registration.
	kRefused
)

// kindOf classifies a header name, full or compact, in any case.
func kindOf(name string) headerKind {
	var buf [24]byte
	if len(name) > len(buf) {
		return kOther
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(name)]) {
	case "via", "v":
		return kVia
	case "from", "f":
		return kFrom
	case "to", "t":
		return kTo
	case "call-id", "i":
		return kCallID
	case "cseq":
		return kCSeq
	case "contact", "m":
		return kContact
	case "expires":
		return kExpires
	case "authorization":
		return kAuthorization
	case "max-forwards":
		return kMaxForwards
	case "content-length", "l":
		return kContentLength
	case "user-agent":
		return kUserAgent
	case "p-access-network-info":
		return kAccessInfo
	case "supported":
		return kSupported
	case "path", "require", "proxy-require", "content-type", "c", "route", "record-route", "refer-to", "referred-by":
		return kRefused
	}
	return kOther
}

// cutLine cuts one CRLF-terminated line holding printable ASCII and tabs.
func cutLine(s string) (line, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return s[:i], s[i+2:], true
			}
			return "", "", false
		case c == '\t' || (c >= ' ' && c < 0x7f):
		default:
			return "", "", false
		}
	}
	return "", "", false
}

// splitHeader splits "Name: value" where Name is a token right before the
// colon; a line starting with white space (folding) is refused.
func splitHeader(line string) (name, value string, ok bool) {
	i := strings.IndexByte(line, ':')
	if i <= 0 {
		return "", "", false
	}
	name = line[:i]
	for j := 0; j < len(name); j++ {
		if !isTokenChar(name[j]) {
			return "", "", false
		}
	}
	return name, strings.Trim(line[i+1:], " \t"), true
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-.!%*_+`'~", c) >= 0
}

// print is requestPrint for a scanned request: the same ingredients, taken
// from the datagram's header lines as written.
func (raw *rawRegister) print(seed maphash.Seed) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var src [64]byte
	h.Write(raw.src.AppendTo(src[:0])) // as sipgo writes the source
	for _, s := range [...]string{"\r\n", "UDP", "\r\n", raw.via.branch, "\r\n"} {
		h.WriteString(s)
	}
	_, rest, _ := cutLine(raw.msg)
	for {
		line, r, _ := cutLine(rest)
		if line == "" {
			return h.Sum64()
		}
		rest = r
		name, _, _ := splitHeader(line)
		switch kindOf(name) {
		case kCallID, kTo, kContact, kSupported, kCSeq, kExpires, kUserAgent, kAccessInfo:
			h.WriteString(line)
			h.WriteString("\r\n")
		}
	}
}
