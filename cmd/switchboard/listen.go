package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"strconv"

	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// listeners are the sockets serve answers on. serve opens them from its
// flags before anything else, so an address in use stops it at once;
// tests and the demo open them on port 0 and hand them over, and the
// ports put into profiles and accounts are those bound.
type listeners struct {
	http, prov net.Listener
	sipUDP     net.PacketConn
	sipTCP     net.Listener
	// sipTLS and sipWSS are nil when turned off.
	sipTLS, sipWSS net.Listener
}

// listen opens the addresses of c; on failure it closes what it opened.
func listen(c serveConfig) (*listeners, error) {
	l := &listeners{}
	fail := func(err error) (*listeners, error) {
		l.close()
		return nil, err
	}
	var err error
	if l.http, err = net.Listen("tcp", c.http); err != nil {
		return fail(fmt.Errorf("listen on %s: %w", c.http, err))
	}
	if l.prov, err = net.Listen("tcp", c.prov); err != nil {
		return fail(fmt.Errorf("listen on %s: %w", c.prov, err))
	}
	if l.sipUDP, l.sipTCP, err = listenSIP(c.sip); err != nil {
		return fail(err)
	}
	for _, s := range []struct {
		addr, name string
		ln         *net.Listener
	}{{c.sipTLS, "TLS", &l.sipTLS}, {c.sipWSS, "WSS", &l.sipWSS}} {
		if s.addr == "" {
			continue
		}
		if *s.ln, err = net.Listen("tcp", s.addr); err != nil {
			return fail(fmt.Errorf("SIP over %s on %s: %w", s.name, s.addr, err))
		}
	}
	return l, nil
}

// listenSIP opens UDP and TCP on the same address. With port 0 the port
// the kernel gives TCP is bound for UDP too, and another is tried while
// UDP's is taken; both stay open throughout, so nothing else can take
// them in between.
func listenSIP(addr string) (net.PacketConn, net.Listener, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, fmt.Errorf("SIP address %q: %w", addr, err)
	}
	for range 20 {
		tcp, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, nil, fmt.Errorf("SIP over TCP on %s: %w", addr, err)
		}
		pc, err := net.ListenPacket("udp", net.JoinHostPort(host, strconv.Itoa(portOf(tcp.Addr()))))
		if err == nil {
			return pc, tcp, nil
		}
		tcp.Close()
		if p != "0" {
			return nil, nil, fmt.Errorf("SIP over UDP on %s: %w", addr, err)
		}
	}
	return nil, nil, fmt.Errorf("SIP on %s: no port free for both TCP and UDP", addr)
}

// sip returns the SIP listeners, TLS and WSS wrapped with the certificate.
func (l *listeners) sip(cert tls.Certificate) []sip.Listener {
	ls := []sip.Listener{sip.UDP(l.sipUDP), sip.TCP(l.sipTCP)}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if l.sipTLS != nil {
		ls = append(ls, sip.TLS(tls.NewListener(l.sipTLS, cfg)))
	}
	if l.sipWSS != nil {
		ls = append(ls, sip.WSS(tls.NewListener(l.sipWSS, cfg)))
	}
	return ls
}

// close closes every socket that is open; closing one its server closed
// already does no harm, and a nil l has none.
func (l *listeners) close() {
	if l == nil {
		return
	}
	for _, c := range []interface{ Close() error }{l.http, l.prov, l.sipUDP, l.sipTCP, l.sipTLS, l.sipWSS} {
		if c != nil {
			_ = c.Close()
		}
	}
}

// portOf returns the port of a bound address.
func portOf(a net.Addr) int {
	switch a := a.(type) {
	case *net.TCPAddr:
		return a.Port
	case *net.UDPAddr:
		return a.Port
	}
	return 0
}
