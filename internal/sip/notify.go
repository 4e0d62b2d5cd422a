package sip

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// Outcome is what became of the NOTIFY to one binding.
type Outcome struct {
	Contact   string `json:"contact"`
	Source    string `json:"source"`
	Transport string `json:"transport"`
	// State is OutcomeAnswered (Code and Reason are the phone's final
	// answer), OutcomeSent (no answer before the deadline) or OutcomeFailed
	// (could not be sent; Error says why).
	State  string `json:"state"`
	Code   int    `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"`
}

// Outcome states.
const (
	OutcomeSent     = "sent"
	OutcomeAnswered = "answered"
	OutcomeFailed   = "failed"
)

// Timers of RFC 3261 §17.1.2 for our non-INVITE requests.
const (
	timerT1 = 500 * time.Millisecond
	timerT2 = 4 * time.Second
	timerF  = 64 * timerT1
)

// Notify sends an out-of-dialog NOTIFY with "Event: <event>;reboot=..."
// (e.g. check-sync) and "Subscription-State: terminated" to every current
// binding of the device, over the socket or connection the binding came in
// on, and answers a digest challenge from the phone with the device's SIP
// credentials. It returns one outcome per binding, or ENOTFOUND when the
// device has no binding (the caller keeps the action pending).
func (s *Server) Notify(ctx context.Context, deviceID, event string, reboot bool) ([]Outcome, error) {
	if event == "" || !isToken(event) {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Event %q is not a SIP event name", event)
	}
	return s.notify(ctx, s.Bindings(deviceID), event, reboot, s.opt.Accounts.Password)
}

// passwordFunc returns the SIP password of a digest user name, to answer
// a phone's challenge.
type passwordFunc func(ctx context.Context, username string) (string, error)

// notify sends the NOTIFY to the bindings bs, answering challenges with
// the passwords password gives; ENOTFOUND when bs is empty.
func (s *Server) notify(ctx context.Context, bs []Binding, event string, reboot bool, password passwordFunc) ([]Outcome, error) {
	if len(bs) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "The device is not registered")
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timerF)
		defer cancel()
	}
	out := make([]Outcome, len(bs))
	var wg sync.WaitGroup
	for i := range bs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = s.notifyBinding(ctx, &bs[i], event+";reboot="+strconv.FormatBool(reboot), password)
		}()
	}
	wg.Wait()
	return out, nil
}

func (s *Server) notifyBinding(ctx context.Context, b *Binding, event string, password passwordFunc) Outcome {
	o := Outcome{Contact: b.Contact, Source: b.Source, Transport: b.Transport}
	conn, err := s.tp.GetConnection(b.Transport, b.Source)
	if local := s.udpLocal.Load(); err != nil && b.Transport == "UDP" && local != nil && len(*local) > 0 {
		// Not heard from since a restart (the binding was loaded): any UDP
		// listener reaches the same address and port.
		conn, err = s.tp.GetConnection("UDP", (*local)[0])
	}
	if err != nil {
		o.State, o.Error = OutcomeFailed, "the connection the device registered on is closed"
		return o
	}
	defer conn.TryClose() // balances the reference GetConnection took
	req, err := s.notifyRequest(b, event, conn.LocalAddr())
	if err != nil {
		o.State, o.Error = OutcomeFailed, err.Error()
		return o
	}
	res, err := s.transact(ctx, conn, req)
	if err == nil && (res.StatusCode == 401 || res.StatusCode == 407) {
		if aerr := s.authorize(ctx, req, res, b.Username, password); aerr != nil {
			s.log.Warn("SIP NOTIFY: the phone's challenge could not be answered", "device", b.DeviceID, "error", aerr)
			o.Error = "the phone's challenge could not be answered"
		} else {
			res, err = s.transact(ctx, conn, req)
		}
	}
	switch {
	case res != nil:
		o.State, o.Code, o.Reason = OutcomeAnswered, res.StatusCode, res.Reason
	case ctx.Err() != nil:
		o.State = OutcomeSent
	default:
		o.State, o.Error = OutcomeFailed, err.Error()
	}
	return o
}

// notifyRequest builds the NOTIFY for a binding.
func (s *Server) notifyRequest(b *Binding, event string, local net.Addr) (*sip.Request, error) {
	var target, aor sip.Uri
	if err := sip.ParseUri(b.Contact, &target); err != nil {
		return nil, fmt.Errorf("contact %q of the binding is not a SIP URI", b.Contact)
	}
	if err := sip.ParseUri(b.AOR, &aor); err != nil {
		return nil, fmt.Errorf("address of record %q is not a SIP URI", b.AOR)
	}
	host, port := s.opt.Host, 0
	if la, ok := local.(interface{ AddrPort() netip.AddrPort }); ok {
		port = int(la.AddrPort().Port())
		if host == "" {
			host = la.AddrPort().Addr().Unmap().String()
		}
	}
	req := sip.NewRequest(sip.NOTIFY, target)
	req.SetTransport(b.Transport)
	req.SetDestination(b.Source)
	via := &sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: b.Transport, Host: host, Port: port, Params: sip.NewParams()}
	via.Params.Add("branch", sip.GenerateBranch())
	via.Params.Add("rport", "")
	req.AppendHeader(via)
	req.AppendHeader(sip.NewHeader("Max-Forwards", "70"))
	from := &sip.FromHeader{Address: sip.Uri{Scheme: "sip", User: "switchboard", Host: aor.Host}, Params: sip.NewParams()}
	from.Params.Add("tag", randomToken())
	req.AppendHeader(from)
	req.AppendHeader(&sip.ToHeader{Address: aor, Params: sip.NewParams()})
	callID := sip.CallIDHeader(randomToken() + "@switchboard")
	req.AppendHeader(&callID)
	req.AppendHeader(&sip.CSeqHeader{SeqNo: 1, MethodName: sip.NOTIFY})
	contact := &sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "switchboard", Host: host, Port: port}}
	req.AppendHeader(contact)
	for _, p := range b.Path {
		req.AppendHeader(sip.NewHeader("Route", p))
	}
	req.AppendHeader(sip.NewHeader("Event", event))
	req.AppendHeader(sip.NewHeader("Subscription-State", "terminated"))
	req.SetBody(nil)
	return req, nil
}

// transact sends req and waits for its final response, retransmitting over
// UDP (RFC 3261 §17.1.2.2) until a provisional or final answer.
func (s *Server) transact(ctx context.Context, conn sip.Connection, req *sip.Request) (*sip.Response, error) {
	branch, _ := req.Via().Params.Get("branch")
	ch := s.client.add(branch)
	defer s.client.remove(branch)
	if err := conn.WriteMsg(req); err != nil {
		return nil, fmt.Errorf("send NOTIFY: %w", err)
	}
	interval := timerT1
	retransmit := req.Transport() == "UDP"
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case res := <-ch:
			if res.StatusCode >= 200 {
				return res, nil
			}
			retransmit = false
		case <-timer.C:
			if retransmit {
				if err := conn.WriteMsg(req); err != nil {
					return nil, fmt.Errorf("resend NOTIFY: %w", err)
				}
			}
			interval = min(2*interval, timerT2)
			timer.Reset(interval)
		}
	}
}

// authorize adds credentials answering the phone's challenge to req and
// makes it a new transaction.
func (s *Server) authorize(ctx context.Context, req *sip.Request, res *sip.Response, username string, password passwordFunc) error {
	name, answer := "WWW-Authenticate", "Authorization"
	if res.StatusCode == 407 {
		name, answer = "Proxy-Authenticate", "Proxy-Authorization"
	}
	var ch *digest.Challenge
	for _, h := range res.GetHeaders(name) {
		if c, err := digest.ParseChallenge(h.Value()); err == nil && digest.Supported(c.Algorithm) {
			ch = c
			break
		}
	}
	if ch == nil || username == "" {
		return fmt.Errorf("the phone asked for credentials this server cannot give (%d)", res.StatusCode)
	}
	pw, err := password(ctx, username)
	if err != nil {
		return fmt.Errorf("look up the device's SIP password: %w", err)
	}
	uri := req.Recipient.String()
	ha1 := digest.HA1(ch.Algorithm, username, ch.Realm, pw)
	c := digest.Credentials{Username: username, Realm: ch.Realm, Nonce: ch.Nonce, URI: uri,
		Algorithm: digest.Canonical(ch.Algorithm), Opaque: ch.Opaque}
	if ch.QOP != "" {
		c.QOP, c.NC, c.CNonce = "auth", "00000001", randomToken()
	}
	c.Response = digest.Response(c.Algorithm, ha1, string(req.Method), uri, c.Nonce, c.NC, c.CNonce, c.QOP)
	req.RemoveHeader(answer)
	req.AppendHeader(sip.NewHeader(answer, c.String()))
	req.CSeq().SeqNo++
	req.Via().Params.Add("branch", sip.GenerateBranch())
	return nil
}

func randomToken() string {
	var b [10]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// isToken reports whether s is a SIP token (RFC 3261 §25.1), so an event
// name cannot inject header text.
func isToken(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r < 0x80 && containsRune("-.!%*_+`'~", r)) {
			return false
		}
	}
	return true
}

func containsRune(set string, r rune) bool {
	for _, c := range set {
		if c == r {
			return true
		}
	}
	return false
}
