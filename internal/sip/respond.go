package sip

import (
	"hash/fnv"
	"net"
	"net/netip"
	"strconv"

	"github.com/emiago/sipgo/sip"
)

// send writes a response to req statelessly (RFC 3261 §8.2.7 and §18.2.2):
// over the connection it came on for stream transports, and for UDP to the
// source address, at the source port when the client asked for rport.
func (s *Server) send(req *sip.Request, r reply) {
	res := response(req, r)
	src := req.Source()
	conn, err := s.tp.GetConnection(req.Transport(), src)
	if err != nil {
		s.log.Debug("SIP response not sent: connection gone", "source", src, "code", r.code)
		return
	}
	defer conn.TryClose() // balances the reference GetConnection took
	if err := conn.WriteMsg(res); err != nil {
		s.log.Debug("SIP response not sent", "source", src, "code", r.code, "error", err)
	}
}

// response is the answer r to req, addressed to where it goes.
func response(req *sip.Request, r reply) *sip.Response {
	res := sip.NewResponse(r.code, r.reason) // in SIP/2.0, never the request's version
	srcHost, srcPort, _ := net.SplitHostPort(req.Source())
	for i, h := range req.GetHeaders("Via") {
		if i > 0 {
			res.AppendHeader(sip.HeaderClone(h))
			continue
		}
		via := h.(*sip.ViaHeader).Clone()
		if via.Params == nil {
			via.Params = sip.NewParams()
		}
		if via.Host != srcHost {
			via.Params.Add("received", srcHost)
		}
		if v, ok := via.Params.Get("rport"); ok && v == "" {
			via.Params.Add("rport", srcPort)
		}
		res.AppendHeader(via)
	}
	res.AppendHeader(sip.HeaderClone(req.From()))
	to := sip.HeaderClone(req.To()).(*sip.ToHeader)
	if to.Params == nil {
		to.Params = sip.NewParams()
	}
	if !to.Params.Has("tag") && r.code > 100 {
		to.Params.Add("tag", toTag(req))
	}
	res.AppendHeader(to)
	res.AppendHeader(sip.HeaderClone(req.CallID()))
	res.AppendHeader(sip.HeaderClone(req.CSeq()))
	for _, h := range r.headers {
		res.AppendHeader(h)
	}
	res.SetBody(nil)
	res.SetTransport(req.Transport())
	res.SetDestination(responseDestination(req, srcHost, srcPort))
	return res
}

// responseDestination is where a UDP response goes: the source address,
// at the source port with rport (RFC 3581), else at the Via port.
func responseDestination(req *sip.Request, srcHost, srcPort string) string {
	if req.Transport() != "UDP" {
		return req.Source()
	}
	via := req.Via()
	if _, ok := via.Params.Get("rport"); ok || via.Port == 0 {
		if via.Port == 0 && !ok {
			return net.JoinHostPort(srcHost, "5060")
		}
		return req.Source()
	}
	return net.JoinHostPort(srcHost, strconv.Itoa(via.Port))
}

// toTag derives the To tag from the request, so every answer to one
// request, retransmissions included, carries the same tag without keeping
// any state.
func toTag(req *sip.Request) string {
	h := fnv.New64a()
	h.Write([]byte(req.CallID().Value()))
	if b, ok := req.Via().Params.Get("branch"); ok {
		h.Write([]byte(b))
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// sourceAddr parses the source of a request.
func sourceAddr(req *sip.Request) netip.AddrPort {
	ap, err := netip.ParseAddrPort(req.Source())
	if err != nil {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}
