package sip

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// leg is one dialog of a call: towards the caller (we are its UAS) or
// towards a callee (we are its UAC). Its fields are guarded by the call's
// mutex, except the dialog's CSeq and origin, taken under the leg's own.
type leg struct {
	call *call
	uas  bool
	// Dialog identity and routing (RFC 3261 §12).
	callID    string
	localTag  string
	remoteTag string
	local     sip.Uri
	remote    sip.Uri
	target    sip.Uri
	routes    []string
	transport string
	dest      string
	seqMu     sync.Mutex
	cseq      uint32
	// origin, when set, is the o= line of the last session description
	// sent to the party (the held answer of a click-to-dial): what we send
	// it later goes out under that origin, its version raised, so that
	// the party sees one session throughout (RFC 3264 §8).
	origin string
	// Who is at the other end.
	workplaceID string
	deviceID    string
	username    string
	// trunk is the trunk a leg towards a number goes through; trunkID the
	// trunk a caller called from.
	trunk   *switchboard.Trunk
	trunkID string
	// localName is the display name we give in From.
	localName string
	// sdp is the last session description the remote party sent.
	sdp []byte
	// allowEvents lists the events the remote party accepts in NOTIFY.
	allowEvents []string
	// invite is the INVITE that made the leg; itx its server transaction
	// while the caller waits for an answer.
	invite   *sip.Request
	itx      *sip.ServerTx
	early    bool
	final    int
	answered bool
	ended    bool
	cancel   bool
	// held says the remote party holds the call (its SDP is sendonly or
	// inactive).
	held bool
	// ackWait is the 2xx to our INVITE on this leg not yet acknowledged:
	// the ACK comes from the other leg's party and carries its answer.
	ackWait *sip.Response
	ack     *sip.Request
	// acking is closed once the ACK taken from ackWait has been sent. A
	// BYE on this leg waits for it: the caller's ACK and BYE can be taken
	// by two workers at once, and the BYE must not overtake the ACK.
	acking chan struct{}
	// acked is closed when the caller's ACK of our 2xx arrives.
	acked chan struct{}
}

// nextCSeq takes the leg's next CSeq number.
func (l *leg) nextCSeq() uint32 {
	l.seqMu.Lock()
	defer l.seqMu.Unlock()
	l.cseq++
	return l.cseq
}

// currentCSeq is the CSeq number the leg used last; requests of a leg
// are built on several goroutines (a hang-up's BYE beside a re-INVITE).
func (l *leg) currentCSeq() uint32 {
	l.seqMu.Lock()
	defer l.seqMu.Unlock()
	return l.cseq
}

// raiseCSeq makes n the leg's CSeq number unless it is past it already.
func (l *leg) raiseCSeq(n uint32) {
	l.seqMu.Lock()
	defer l.seqMu.Unlock()
	l.cseq = max(l.cseq, n)
}

// authored returns an SDP body as the leg's party must see it: unchanged,
// or under the leg's origin with the version raised when it has one.
func (l *leg) authored(body []byte) []byte {
	l.seqMu.Lock()
	defer l.seqMu.Unlock()
	if l.origin == "" || len(body) == 0 {
		return body
	}
	l.origin = bumpOrigin(l.origin)
	return withOrigin(body, l.origin)
}

// request builds an in-dialog request of the leg.
func (l *leg) request(method sip.RequestMethod, body []byte, contentType string) *sip.Request {
	req := sip.NewRequest(method, l.target)
	req.SetTransport(l.transport)
	req.SetDestination(l.dest)
	req.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	from := &sip.FromHeader{DisplayName: l.localName, Address: l.local, Params: sip.NewParams()}
	from.Params.Add("tag", l.localTag)
	req.AppendHeader(from)
	to := &sip.ToHeader{Address: l.remote, Params: sip.NewParams()}
	if l.remoteTag != "" {
		to.Params.Add("tag", l.remoteTag)
	}
	req.AppendHeader(to)
	cid := sip.CallIDHeader(l.callID)
	req.AppendHeader(&cid)
	var seq uint32
	if method == sip.ACK {
		seq = l.currentCSeq()
	} else {
		seq = l.nextCSeq()
	}
	req.AppendHeader(&sip.CSeqHeader{SeqNo: seq, MethodName: method})
	for _, r := range l.routes {
		req.AppendHeader(sip.NewHeader("Route", r))
	}
	req.AppendHeader(&sip.ContactHeader{Address: l.call.s.contactURI(l.transport)})
	if len(body) > 0 {
		if contentType == "" || strings.EqualFold(contentType, "application/sdp") {
			contentType, body = "application/sdp", l.authored(body)
		}
		req.AppendHeader(sip.NewHeader("Content-Type", contentType))
	}
	req.SetBody(body)
	return req
}

// splitHostPortInt splits host:port with a numeric port.
func splitHostPortInt(hp string) (string, int, error) {
	h, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	n, err := strconv.Atoi(p)
	return h, n, err
}

// contactURI is our Contact: the first listener of the transport.
func (s *Server) contactURI(transport string) sip.Uri {
	u := sip.Uri{Scheme: "sip", User: "switchboard", Host: s.opt.Host}
	if local := s.udpLocal.Load(); local != nil && len(*local) > 0 {
		if h, p, err := splitHostPortInt((*local)[0]); err == nil {
			if u.Host == "" {
				u.Host = h
			}
			u.Port = p
		}
	}
	if transport != "" && transport != "UDP" {
		u.UriParams = sip.NewParams()
		u.UriParams.Add("transport", strings.ToLower(transport))
	}
	return u
}

// transactLeg sends an in-dialog request on the leg and returns its final
// answer, answering a trunk's challenge once with its credentials.
func (s *Server) transactLeg(ctx context.Context, l *leg, req *sip.Request) *sip.Response {
	return s.transactAuth(ctx, req, l.trunk, l.nextCSeq)
}

// transactAuth sends req in a new transaction and returns its final
// answer; a challenge is answered once with trunk's credentials (none
// when trunk is nil), under the CSeq next gives.
func (s *Server) transactAuth(ctx context.Context, req *sip.Request, trunk *switchboard.Trunk, next func() uint32) *sip.Response {
	tx, err := s.startClientTx(ctx, req, "")
	if err != nil {
		s.log.Debug("SIP request not sent", "method", string(req.Method), "error", err)
		return sip.NewResponse(503, "Service Unavailable")
	}
	res := final(ctx, tx)
	if (res.StatusCode == 401 || res.StatusCode == 407) && trunk != nil && s.authorizeTrunk(req, res, trunk) == nil {
		req.CSeq().SeqNo = next()
		if tx, err = s.startClientTx(ctx, req, ""); err == nil {
			res = final(ctx, tx)
		}
	}
	return res
}

// authorizeTrunk answers a trunk's challenge with its credentials and
// makes req a new transaction.
func (s *Server) authorizeTrunk(req *sip.Request, res *sip.Response, t *switchboard.Trunk) error {
	name, answer := "WWW-Authenticate", "Authorization"
	if res.StatusCode == 407 {
		name, answer = "Proxy-Authenticate", "Proxy-Authorization"
	}
	for _, h := range res.GetHeaders(name) {
		ch, err := digest.ParseChallenge(h.Value())
		if err != nil || !digest.Supported(ch.Algorithm) {
			continue
		}
		user := t.AuthUsername
		if user == "" {
			user = t.Username
		}
		cred := digest.Answer(ch, string(req.Method), req.Recipient.String(), user, t.Password, 1, randomToken())
		req.RemoveHeader(answer)
		req.AppendHeader(sip.NewHeader(answer, cred.String()))
		return nil
	}
	return fmt.Errorf("trunk %s sent no usable challenge", t.Name)
}

// lists reports whether the comma-separated header values vs name token.
func lists(vs []string, token string) bool {
	return slices.ContainsFunc(vs, func(v string) bool { return strings.EqualFold(strings.TrimSpace(v), token) })
}

// headerTokens splits the values of a comma-separated header.
func headerTokens(m sip.Message, name string) []string {
	var out []string
	for _, h := range m.GetHeaders(name) {
		for _, v := range strings.Split(h.Value(), ",") {
			if v = strings.TrimSpace(v); v != "" && len(out) < 32 {
				out = append(out, v)
			}
		}
	}
	return out
}
