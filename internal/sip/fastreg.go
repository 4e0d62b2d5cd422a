package sip

import (
	"bytes"
	"context"
	"hash/fnv"
	"net/netip"
	"strconv"
	"sync"

	"github.com/emiago/sipgo/sip"
)

// inbound is one request for the workers: parsed by sipgo (req) or a
// REGISTER taken by the fast path (reg).
type inbound struct {
	req *sip.Request
	reg *regRequest
}

// fastRegister takes a UDP REGISTER from src away from sipgo when
// scanRegister understands all of it (see fastreg_scan.go for why), queues
// it for the workers and reports true; otherwise sipgo parses the datagram
// as usual. It runs on the UDP reader, before data's buffer is reused.
func (s *Server) fastRegister(src netip.AddrPort, data []byte) bool {
	conn := s.fastUDP.Load()
	if conn == nil || !bytes.HasPrefix(data, []byte("REGISTER ")) || len(data) > s.opt.MaxMessageSize || !src.Addr().Is4() {
		return false
	}
	raw, req, ok := scanRegister(string(data))
	if !ok {
		return false
	}
	raw.src, raw.conn = src, conn
	req.source = src
	req.transport = "UDP"
	s.count.requests.Add(1)
	select {
	case s.work <- inbound{reg: req}:
	default:
		s.count.dropped.Add(1)
		raw.scan.release()
	}
	return true
}

// handleFast answers a REGISTER taken by the fast path and releases it; a
// panic in it is logged, never fatal.
func (s *Server) handleFast(ctx context.Context, req *regRequest) {
	defer req.raw.scan.release()
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("SIP request handler panicked", "method", "REGISTER", "source", req.raw.src.String(), "panic", r)
		}
	}()
	if r := s.registerReq(ctx, req); r.code != 0 {
		s.sendRaw(req.raw, r)
	}
}

// answerBuffers are the buffers answers are written in.
var answerBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// sendRaw answers a scanned REGISTER as send answers a parsed one.
func (s *Server) sendRaw(raw *rawRegister, r reply) {
	bp := answerBuffers.Get().(*[]byte)
	defer answerBuffers.Put(bp)
	b := rawAnswer((*bp)[:0], raw, r)
	*bp = b
	if _, err := raw.conn.WriteToUDPAddrPort(b, raw.destination()); err != nil {
		s.log.Debug("SIP response not sent", "source", raw.src.String(), "code", r.code, "error", err)
	}
}

// rawAnswer appends the answer r to b as response writes it: the
// request's Via (with received and rport filled in), From, To (with our
// tag), Call-ID and CSeq as written, then the reply's headers.
func rawAnswer(b []byte, raw *rawRegister, r reply) []byte {
	src := raw.src
	var host [16]byte
	srcHost := src.Addr().AppendTo(host[:0])
	b = append(b, "SIP/2.0 "...)
	b = strconv.AppendInt(b, int64(r.code), 10)
	b = append(b, ' ')
	b = append(b, r.reason...)
	for i, v := range raw.vias {
		b = append(b, "\r\nVia: "...)
		if i > 0 {
			b = append(b, v...)
			continue
		}
		if raw.via.rportEnd > 0 {
			b = append(b, v[:raw.via.rportEnd]...)
			b = append(b, '=')
			b = strconv.AppendUint(b, uint64(src.Port()), 10)
			v = v[raw.via.rportEnd:]
		}
		b = append(b, v...)
		if raw.via.host != string(srcHost) {
			b = append(b, ";received="...)
			b = append(b, srcHost...)
		}
	}
	b = append(b, "\r\nFrom: "...)
	b = append(b, raw.from...)
	b = append(b, "\r\nTo: "...)
	b = append(b, raw.to...)
	if !raw.toTagged && r.code > 100 {
		b = append(b, ";tag="...)
		b = strconv.AppendUint(b, rawToTag(raw), 36)
	}
	b = append(b, "\r\nCall-ID: "...)
	b = append(b, raw.callID...)
	b = append(b, "\r\nCSeq: "...)
	b = append(b, raw.cseq...)
	for _, h := range r.headers {
		b = append(b, "\r\n"...)
		b = append(b, h.Name()...)
		b = append(b, ": "...)
		b = append(b, h.Value()...)
	}
	return append(b, "\r\nContent-Length: 0\r\n\r\n"...)
}

// destination is responseDestination for a scanned REGISTER.
func (raw *rawRegister) destination() netip.AddrPort {
	src := raw.src
	switch {
	case raw.via.rport:
		return src
	case raw.via.port == 0:
		return netip.AddrPortFrom(src.Addr(), 5060)
	}
	return netip.AddrPortFrom(src.Addr(), uint16(raw.via.port))
}

// rawToTag is toTag for a scanned REGISTER.
func rawToTag(raw *rawRegister) uint64 {
	h := fnv.New64a()
	h.Write([]byte(raw.callID))
	if raw.via.hasBranch {
		h.Write([]byte(raw.via.branch))
	}
	return h.Sum64()
}
