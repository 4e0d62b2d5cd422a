package sip

import (
	"hash/maphash"
	"net/netip"
	"strings"

	"github.com/emiago/sipgo/sip"
)

// regRequest is what the registrar reads of a REGISTER. It is filled either
// from sipgo's parsed message (regFromMessage) or by the fast path's scan
// of the datagram (scanRegister), so that both paths decide with the same
// code.
type regRequest struct {
	// source is the sender's address, unmapped; invalid if unknown.
	source netip.AddrPort
	// transport is sipgo's transport name: "UDP", "TCP", "TLS", ...
	transport string
	// toUser and toHost are the To URI's user and host, toAOR its
	// scheme:user@host[:port].
	toUser, toHost, toAOR string
	// auth is the Authorization header's value, hasAuth whether there is one.
	auth    string
	hasAuth bool
	callID  string
	cseq    uint32
	// expires is the Expires header's value, hasExpires whether there is one.
	expires    string
	hasExpires bool
	contacts   []regContact
	userAgent  string
	accessInfo string
	paths      []string
	// supportsPath is whether Supported lists "path" (RFC 3327).
	supportsPath bool

	// msg is the parsed message on sipgo's path, raw the scanned one on
	// the fast path; print reads whichever is set.
	msg *sip.Request
	raw *rawRegister
}

// regContact is one Contact of a REGISTER as written.
type regContact struct {
	uri      string
	wildcard bool
	// malformed is a Contact header that holds no contact.
	malformed bool
	// expires, instance and regID are the parameters without quotes.
	expires, instance, regID          string
	hasExpires, hasInstance, hasRegID bool
}

// regFromMessage reads a REGISTER parsed by sipgo.
func regFromMessage(req *sip.Request) *regRequest {
	to := req.To()
	r := &regRequest{
		source:       sourceAddr(req),
		transport:    req.Transport(),
		toUser:       to.Address.User,
		toHost:       to.Address.Host,
		toAOR:        to.Address.Addr(),
		callID:       req.CallID().Value(),
		cseq:         req.CSeq().SeqNo,
		userAgent:    headerValue(req, "User-Agent"),
		accessInfo:   headerValue(req, "P-Access-Network-Info"),
		supportsPath: supports(req, "path"),
		msg:          req,
	}
	if h := req.GetHeader("Authorization"); h != nil {
		r.auth, r.hasAuth = h.Value(), true
	}
	if h := req.GetHeader("Expires"); h != nil {
		r.expires, r.hasExpires = h.Value(), true
	}
	for _, h := range req.GetHeaders("Contact") {
		c, ok := h.(*sip.ContactHeader)
		if !ok {
			r.contacts = append(r.contacts, regContact{malformed: true})
			continue
		}
		rc := regContact{wildcard: c.Address.Wildcard}
		if !rc.wildcard {
			rc.uri = c.Address.String()
		}
		rc.expires, rc.hasExpires = contactParam(c, "expires")
		rc.instance, rc.hasInstance = contactParam(c, "+sip.instance")
		rc.regID, rc.hasRegID = contactParam(c, "reg-id")
		r.contacts = append(r.contacts, rc)
	}
	for _, h := range req.GetHeaders("Path") {
		r.paths = append(r.paths, h.Value())
	}
	return r
}

// print is the request's print for the replay guard (requestPrint).
func (r *regRequest) print(seed maphash.Seed) uint64 {
	if r.raw != nil {
		return r.raw.print(seed)
	}
	return requestPrint(seed, r.msg)
}

// contactParam returns a contact parameter without surrounding quotes.
func contactParam(c *sip.ContactHeader, name string) (string, bool) {
	v, ok := c.Params.Get(name)
	return strings.Trim(v, `"`), ok
}
