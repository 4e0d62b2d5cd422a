package sip

import (
	"net"
	"net/netip"

	"github.com/emiago/sipgo/sip"
	"golang.org/x/net/ipv4"
)

// udpBatch is how many datagrams one read may take from the socket. A
// burst of REGISTERs is then read with one system call per batch (recvmmsg
// on Linux) instead of one per datagram; where the system has no batch
// read, a batch holds one datagram.
const udpBatch = 16

// udpReader is the UDP socket as sipgo's transport sees it. Its ReadFrom
// reads datagrams in batches, drops those from blocked sources, queues the
// REGISTERs the fast path takes and hands only the rest to sipgo, which
// then never formats their source address or scans them a second time.
// Writes and everything else go to the socket itself.
type udpReader struct {
	*net.UDPConn
	s     *Server
	batch *ipv4.PacketConn
	msgs  []ipv4.Message
	// next and n delimit the datagrams of the last batch not yet looked at.
	next, n int
}

// newUDPReader wraps conn; its batch buffers take the largest datagram
// sipgo's own reader would, so nothing arrives truncated that sipgo
// would have read whole.
func newUDPReader(s *Server, conn *net.UDPConn) *udpReader {
	r := &udpReader{UDPConn: conn, s: s, batch: ipv4.NewPacketConn(conn), msgs: make([]ipv4.Message, udpBatch)}
	for i := range r.msgs {
		r.msgs[i].Buffers = [][]byte{make([]byte, sip.TransportBufferReadSize)}
	}
	return r
}

// ReadFrom returns the next datagram the fast path did not take.
func (r *udpReader) ReadFrom(b []byte) (int, net.Addr, error) {
	for {
		for r.next < r.n {
			m := &r.msgs[r.next]
			r.next++
			if r.s.takeDatagram(m.Addr, m.Buffers[0][:m.N]) {
				continue
			}
			return copy(b, m.Buffers[0][:m.N]), m.Addr, nil
		}
		n, err := r.batch.ReadBatch(r.msgs, 0)
		if err != nil {
			return 0, nil, err
		}
		r.next, r.n = 0, n
	}
}

// takeDatagram reports whether a datagram needs nothing more from sipgo:
// its source is blocked, or the fast path took it.
func (s *Server) takeDatagram(from net.Addr, data []byte) bool {
	ra, ok := from.(*net.UDPAddr)
	if !ok {
		return false
	}
	// A dual-stack socket reports IPv4 senders as IPv4-mapped addresses;
	// sipgo's path unmaps them too (sourceAddr).
	src := netip.AddrPortFrom(ra.AddrPort().Addr().Unmap(), uint16(ra.Port))
	if s.guard.sourceBlocked(src.Addr(), s.now()) {
		return true
	}
	return s.fastRegister(src, data)
}
