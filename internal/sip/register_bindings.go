package sip

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// contactUpdate is one Contact of a REGISTER with its requested lifetime.
type contactUpdate struct {
	uri      string
	instance string
	regID    int
	expires  time.Duration
}

// bind applies the contacts of an authenticated REGISTER and answers with
// the resulting bindings.
func (s *Server) bind(req *regRequest, acct *Account, src netip.AddrPort, mustEncrypt bool, now time.Time) reply {
	headerExpires := time.Duration(-1)
	if req.hasExpires {
		n, err := strconv.ParseUint(strings.TrimSpace(req.expires), 10, 32)
		if err != nil {
			return errorReply(badRequest("Malformed Expires header"))
		}
		headerExpires = time.Duration(n) * time.Second
	}
	var updates []contactUpdate
	wildcard := false
	for _, c := range req.contacts {
		if c.malformed {
			return errorReply(badRequest("Malformed Contact header"))
		}
		if c.wildcard {
			wildcard = true
			continue
		}
		u := contactUpdate{uri: c.uri, expires: headerExpires}
		if c.hasExpires {
			n, err := strconv.ParseUint(c.expires, 10, 32)
			if err != nil {
				return errorReply(badRequest("Malformed expires parameter"))
			}
			u.expires = time.Duration(n) * time.Second
		}
		if u.expires < 0 {
			u.expires = s.opt.DefaultExpires
		}
		if u.expires > 0 && u.expires < s.opt.MinExpires {
			return reply{code: 423, reason: "Interval Too Brief", headers: []sip.Header{
				sip.NewHeader("Min-Expires", strconv.Itoa(int(s.opt.MinExpires/time.Second)))}}
		}
		u.expires = min(u.expires, s.opt.MaxExpires)
		u.instance = c.instance
		if c.hasRegID {
			u.regID, _ = strconv.Atoi(c.regID)
		}
		updates = append(updates, u)
	}
	if wildcard && (len(updates) > 0 || headerExpires != 0) {
		return errorReply(badRequest("Contact * needs Expires: 0 and no other contact"))
	}

	// The strings may be substrings of the request: the location
	// service copies what it keeps (keep), so none holds on to the
	// message. The User-Agent is interned, shared by a model's phones.
	template := Binding{
		DeviceID:   acct.DeviceID,
		Username:   acct.Username,
		AOR:        req.toAOR,
		Source:     src.String(),
		Transport:  req.transport,
		CallID:     req.callID,
		CSeq:       req.cseq,
		AccessInfo: req.accessInfo,
		Encrypted:  mustEncrypt && secureTransport(req.transport),
	}
	template.UserAgent, template.MAC = s.intern.userAgent(req.userAgent)
	template.Path = append(template.Path, req.paths...)

	limit := s.opt.MaxBindingsPerAccount
	if acct.MaxBindings > 0 {
		limit = acct.MaxBindings
	}

	var result []binding
	u, err := s.loc.update(acct.DeviceID, now, func(cur []binding) ([]binding, bool, error) {
		next, changed, err := applyContacts(cur, updates, wildcard, &template, now, limit)
		result = next
		if !changed {
			result = cur
		}
		return next, changed, err
	})
	if err != nil {
		return errorReply(err)
	}
	if before, after := u.before, u.after; u.changed && (before.Online != after.Online || before.Bindings != after.Bindings ||
		before.DoubleRegistration != after.DoubleRegistration || before.IP != after.IP || before.Transport != after.Transport) {
		s.publish(StatusEvent{DeviceID: u.id, Status: after, At: now})
	}
	s.count.registered.Add(1)
	return okReply(req, result, now)
}

// okReply is the 200 to a REGISTER: the device's bindings with their
// remaining lifetimes, and the request's Path when the client supports it
// (RFC 3327 §5.3).
func okReply(req *regRequest, bindings []binding, now time.Time) reply {
	r := reply{code: 200, reason: "OK"}
	t := now.UnixNano()
	for i := range bindings {
		b := &bindings[i]
		if b.expires <= t {
			continue
		}
		secs := int((time.Duration(b.expires-t) + time.Second/2) / time.Second)
		r.headers = append(r.headers, sip.NewHeader("Contact", "<"+b.part(partContact)+">;expires="+strconv.Itoa(secs)))
	}
	if req.supportsPath {
		for _, p := range req.paths {
			r.headers = append(r.headers, sip.NewHeader("Path", p))
		}
	}
	return r
}

// applyContacts computes a device's new bindings, in an array of their
// own. A binding is matched by instance and reg-id when both sides have
// them, else by contact URI; a binding of the same Call-ID that this
// REGISTER does not name is replaced, since the same client moved to a new
// contact. A repeated or older CSeq of the same Call-ID changes nothing (a
// retransmission).
func applyContacts(cur []binding, ups []contactUpdate, wildcard bool, t *Binding, now time.Time, limit int) ([]binding, bool, error) {
	if wildcard {
		return nil, len(cur) > 0, nil
	}
	if len(ups) == 0 {
		return cur, false, nil
	}
	next := make([]binding, 0, len(cur)+len(ups))
	matched := make([]bool, len(ups))
	changed := false
	tn := now.UnixNano()
	for i := range cur {
		b := &cur[i]
		if b.expires <= tn {
			changed = true
			continue
		}
		i := slices.IndexFunc(ups, func(u contactUpdate) bool { return sameBinding(b, u) })
		sameCall := b.part(partCallID) == t.CallID
		if i < 0 {
			if sameCall && b.cseq < t.CSeq {
				changed = true
				continue
			}
			next = append(next, *b)
			continue
		}
		matched[i] = true
		if sameCall && t.CSeq <= b.cseq {
			next = append(next, *b)
			continue
		}
		changed = true
		if ups[i].expires > 0 {
			k, err := newBinding(*t, ups[i], now)
			if err != nil {
				return nil, false, err
			}
			next = append(next, k)
		}
	}
	for i, u := range ups {
		if !matched[i] && u.expires > 0 {
			k, err := newBinding(*t, u, now)
			if err != nil {
				return nil, false, err
			}
			next = append(next, k)
			changed = true
		}
	}
	if len(next) > limit && len(next) > len(cur) {
		return nil, false, switchboard.Errorf(switchboard.EFORBIDDEN, "Too many bindings for this account")
	}
	return next, changed, nil
}

func sameBinding(b *binding, u contactUpdate) bool {
	if inst := b.part(partInstance); inst != "" && u.instance != "" {
		return inst == u.instance && b.regID == int32(u.regID)
	}
	return b.part(partContact) == u.uri
}

// newBinding makes the binding of one contact, as the location service
// keeps it; RegisteredAt is the time of the latest REGISTER, refreshes
// included.
func newBinding(t Binding, u contactUpdate, now time.Time) (binding, error) {
	t.Contact = u.uri
	t.Instance = u.instance
	t.RegID = u.regID
	t.Expires = now.Add(u.expires)
	t.RegisteredAt = now
	return keep(&t)
}

func headerValue(req *sip.Request, name string) string {
	if h := req.GetHeader(name); h != nil {
		return h.Value()
	}
	return ""
}

func supports(req *sip.Request, option string) bool {
	for _, h := range req.GetHeaders("Supported") {
		for _, o := range strings.Split(h.Value(), ",") {
			if strings.EqualFold(strings.TrimSpace(o), option) {
				return true
			}
		}
	}
	return false
}
