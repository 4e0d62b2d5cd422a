package sip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"

	"github.com/emiago/sipgo/sip"
)

// callTxs are the transactions of call signalling. The registrar answers
// REGISTER statelessly for speed; calls need RFC 3261's transactions
// (retransmissions, ACK of failures, CANCEL matching), and take them from
// sipgo's transaction state machines, kept here by their RFC 3261 keys.
type callTxs struct {
	mu     sync.Mutex
	server map[string]*sip.ServerTx
	client map[string]*sip.ClientTx
}

func newCallTxs() *callTxs {
	return &callTxs{server: make(map[string]*sip.ServerTx), client: make(map[string]*sip.ClientTx)}
}

// deliverCall hands a response to its call client transaction; false when
// none has its key (a NOTIFY's, or a stray).
func (s *Server) deliverCall(res *sip.Response) bool {
	key, err := sip.ClientTxKeyMake(res)
	if err != nil {
		return false
	}
	s.txs.mu.Lock()
	tx := s.txs.client[key]
	s.txs.mu.Unlock()
	if tx == nil {
		return false
	}
	// Receive blocks until the call reads the response; never on the
	// transport's read loop.
	go tx.Receive(res)
	return true
}

// serverTx returns the transaction of a request, creating it for a new
// one; existing is true for a retransmission, which the transaction has
// already answered.
func (s *Server) serverTx(req *sip.Request) (tx *sip.ServerTx, existing bool, err error) {
	key, err := sip.ServerTxKeyMake(req)
	if err != nil {
		return nil, false, fmt.Errorf("transaction key: %w", err)
	}
	s.txs.mu.Lock()
	defer s.txs.mu.Unlock()
	if tx := s.txs.server[key]; tx != nil {
		return tx, true, nil
	}
	conn, err := s.tp.GetConnection(req.Transport(), req.Source())
	if err != nil {
		return nil, false, fmt.Errorf("connection of the request: %w", err)
	}
	tx = sip.NewServerTx(key, req, conn, s.txLog)
	if err := tx.Init(); err != nil {
		conn.TryClose()
		return nil, false, fmt.Errorf("start server transaction: %w", err)
	}
	s.txs.server[key] = tx
	tx.OnTerminate(func(key string, _ error) {
		s.txs.mu.Lock()
		delete(s.txs.server, key)
		s.txs.mu.Unlock()
		conn.TryClose()
	})
	return tx, false, nil
}

// inviteTx finds the INVITE transaction a CANCEL or a failure's ACK
// belongs to: the same key with the INVITE method (RFC 3261 §9.2).
func (s *Server) inviteTx(req *sip.Request) *sip.ServerTx {
	key, err := sip.ServerTxKeyMake(req)
	if err != nil {
		return nil
	}
	if i := strings.LastIndex(key, string(req.CSeq().MethodName)); i > 0 {
		key = key[:i] + string(sip.INVITE)
	}
	s.txs.mu.Lock()
	defer s.txs.mu.Unlock()
	return s.txs.server[key]
}

// connTo returns the connection req leaves on: for UDP a listener's
// socket (so devices behind NAT and trunks see the address they know),
// for streams the connection a device registered on while it is open,
// else a new one. req must carry its Via; an empty sent-by is filled in.
func (s *Server) connTo(ctx context.Context, req *sip.Request) (sip.Connection, error) {
	transport := req.Transport()
	if transport == "UDP" {
		local := s.udpLocal.Load()
		if local == nil || len(*local) == 0 {
			return nil, errors.New("no UDP listener")
		}
		ap, err := netip.ParseAddrPort((*local)[0])
		if err != nil {
			return nil, fmt.Errorf("UDP listener address: %w", err)
		}
		req.Laddr = sip.Addr{IP: net.IP(ap.Addr().AsSlice()), Port: int(ap.Port())}
	} else if c, err := s.tp.GetConnection(transport, req.Destination()); err == nil && c != nil {
		s.fillVia(req, c)
		return c, nil
	}
	c, err := s.tp.ClientRequestConnection(ctx, req)
	if err != nil {
		return nil, err
	}
	s.fillVia(req, c)
	return c, nil
}

// stamp puts our Via with branch (a new one when empty) on top of req;
// its sent-by is filled in once the connection is known.
func (s *Server) stamp(req *sip.Request, branch string) {
	via := &sip.ViaHeader{ProtocolName: "SIP", ProtocolVersion: "2.0", Transport: req.Transport(), Host: s.opt.Host, Params: sip.NewParams()}
	if branch == "" {
		branch = sip.GenerateBranch()
	}
	via.Params.Add("branch", branch)
	via.Params.Add("rport", "")
	req.RemoveHeader("Via")
	req.PrependHeader(via)
}

// fillVia completes the sent-by of our Via from the connection.
func (s *Server) fillVia(req *sip.Request, conn sip.Connection) {
	via := req.Via()
	if via == nil || (via.Host != "" && via.Port != 0) {
		return
	}
	host, port := s.localHostPort(conn)
	if via.Host == "" {
		via.Host = host
	}
	if via.Port == 0 {
		via.Port = port
	}
}

// startClientTx sends req in a new client transaction.
func (s *Server) startClientTx(ctx context.Context, req *sip.Request, branch string) (*sip.ClientTx, error) {
	s.stamp(req, branch)
	conn, err := s.connTo(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", req.Destination(), err)
	}
	key, err := sip.ClientTxKeyMake(req)
	if err != nil {
		conn.TryClose()
		return nil, fmt.Errorf("transaction key: %w", err)
	}
	tx := sip.NewClientTx(key, req, conn, s.txLog)
	s.txs.mu.Lock()
	s.txs.client[key] = tx
	s.txs.mu.Unlock()
	tx.OnTerminate(func(key string, _ error) {
		s.txs.mu.Lock()
		delete(s.txs.client, key)
		s.txs.mu.Unlock()
		conn.TryClose()
	})
	if err := tx.Init(); err != nil {
		tx.Terminate()
		return nil, fmt.Errorf("send %s: %w", req.Method, err)
	}
	return tx, nil
}

// writeDirect sends a request outside any transaction (ACK of a 2xx).
func (s *Server) writeDirect(ctx context.Context, req *sip.Request) error {
	if req.Via() == nil {
		s.stamp(req, "")
	}
	conn, err := s.connTo(ctx, req)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", req.Destination(), err)
	}
	defer conn.TryClose()
	return conn.WriteMsg(req)
}

// final waits for the final response of tx; a transaction that ends
// without one is answered 408 as RFC 3261 §8.1.3.1 says.
func final(ctx context.Context, tx *sip.ClientTx) *sip.Response {
	for {
		select {
		case res := <-tx.Responses():
			if res.StatusCode >= 200 {
				return res
			}
		case <-tx.Done():
			return sip.NewResponse(408, "Request Timeout")
		case <-ctx.Done():
			tx.Terminate()
			return sip.NewResponse(408, "Request Timeout")
		}
	}
}

// resolveHostPort turns host[:port] into an address to send to; a host
// name is resolved here, only when a request goes to it (trunk proxies).
func resolveHostPort(ctx context.Context, hostport string, defPort int) (string, error) {
	host, port := hostport, strconv.Itoa(defPort)
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	}
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return net.JoinHostPort(ip.String(), port), nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return "", fmt.Errorf("resolve %s: %w", host, err)
	}
	return net.JoinHostPort(ips[0].Unmap().String(), port), nil
}

// localHostPort is the address we put in Via for conn: Options.Host, or
// the connection's own address.
func (s *Server) localHostPort(conn sip.Connection) (string, int) {
	host, port := s.opt.Host, 0
	if la, ok := conn.LocalAddr().(interface{ AddrPort() netip.AddrPort }); ok {
		port = int(la.AddrPort().Port())
		if host == "" {
			host = la.AddrPort().Addr().Unmap().String()
		}
	}
	return host, port
}
