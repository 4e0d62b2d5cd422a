package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/switchboard-pbx/switchboard/internal/bench"
	"github.com/switchboard-pbx/switchboard/internal/sip"
	"github.com/switchboard-pbx/switchboard/internal/systemd"
)

// listeners are the sockets serve answers on. serve opens them from its
// flags before anything else, so an address in use stops it at once, or
// takes over the ones a service manager passed (socket activation, named
// http, prov, sip for UDP and TCP, sip-tls and sip-wss); tests and the demo
// open them on port 0 and hand them over. The ports put into profiles and
// accounts are those bound.
type listeners struct {
	http, prov net.Listener
	sipUDP     net.PacketConn
	sipTCP     net.Listener
	// sipTLS and sipWSS are nil when turned off.
	sipTLS, sipWSS net.Listener
}

// provListenConfig opens the provisioning socket without TCP keep-alive:
// every connection a phone opens would cost four more system calls to
// set it up (1 % of serve's CPU time with a new TLS connection per fetch,
// bench/provision/run.sh), and the provisioning server's own timeouts
// already end connections whose client went away (provision.Options
// HeaderTimeout and IdleTimeout).
var provListenConfig = net.ListenConfig{KeepAlive: -1}

// listen takes over the sockets passed to serve and opens the addresses of
// c for the others; on failure it closes what it has.
func listen(c serveConfig) (*listeners, error) {
	l := &listeners{}
	fail := func(err error) (*listeners, error) {
		l.close()
		return nil, err
	}
	socks, err := systemd.Sockets()
	if err != nil {
		return nil, err
	}
	if err := l.adopt(socks); err != nil {
		return fail(err)
	}
	for _, s := range []struct {
		addr string
		ln   *net.Listener
		lc   net.ListenConfig
	}{{c.http, &l.http, net.ListenConfig{}}, {c.prov, &l.prov, provListenConfig}} {
		if *s.ln != nil {
			continue
		}
		if *s.ln, err = s.lc.Listen(context.Background(), "tcp", s.addr); err != nil {
			return fail(fmt.Errorf("listen on %s: %w", s.addr, err))
		}
	}
	switch {
	case l.sipUDP == nil && l.sipTCP == nil:
		if l.sipUDP, l.sipTCP, err = listenSIP(c.sip); err != nil {
			return fail(err)
		}
	case l.sipUDP == nil || l.sipTCP == nil:
		return fail(errors.New("socket activation: pass SIP over UDP and TCP alike (two sockets named sip)"))
	}
	for _, s := range []struct {
		addr, name string
		ln         *net.Listener
	}{{c.sipTLS, "TLS", &l.sipTLS}, {c.sipWSS, "WSS", &l.sipWSS}} {
		if s.addr == "" || *s.ln != nil {
			continue
		}
		if *s.ln, err = net.Listen("tcp", s.addr); err != nil {
			return fail(fmt.Errorf("SIP over %s on %s: %w", s.name, s.addr, err))
		}
	}
	return l, nil
}

// adopt takes over the sockets passed by name; the files are closed, the
// listeners made from them keep sockets of their own.
func (l *listeners) adopt(socks []systemd.Socket) error {
	var errs []error
	for _, s := range socks {
		errs = append(errs, l.adoptOne(s))
		s.File.Close()
	}
	return errors.Join(errs...)
}

func (l *listeners) adoptOne(s systemd.Socket) error {
	if s.Name == "sip" && l.sipUDP == nil {
		if pc, err := net.FilePacketConn(s.File); err == nil {
			l.sipUDP = pc
			return nil
		}
	}
	dst := map[string]*net.Listener{"http": &l.http, "prov": &l.prov, "sip": &l.sipTCP, "sip-tls": &l.sipTLS, "sip-wss": &l.sipWSS}[s.Name]
	if dst == nil {
		return fmt.Errorf("socket activation: a socket named %q; name them http, prov, sip (UDP and TCP), sip-tls or sip-wss", s.Name)
	}
	if *dst != nil {
		return fmt.Errorf("socket activation: more than one stream socket named %q", s.Name)
	}
	ln, err := net.FileListener(s.File)
	if err != nil {
		return fmt.Errorf("socket activation: socket %q is not a listening stream socket: %w", s.Name, err)
	}
	*dst = ln
	return nil
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

// files returns the sockets as files to hand to a serve child process by
// socket activation, named as adopt takes them. Each file is a socket of
// its own: close the files once the child started.
func (l *listeners) files() ([]bench.Socket, error) {
	var out []bench.Socket
	for _, s := range []struct {
		name string
		sock any
	}{{"http", l.http}, {"prov", l.prov}, {"sip", l.sipUDP}, {"sip", l.sipTCP}, {"sip-tls", l.sipTLS}, {"sip-wss", l.sipWSS}} {
		f, ok := s.sock.(interface{ File() (*os.File, error) })
		if !ok {
			continue
		}
		file, err := f.File()
		if err != nil {
			for _, o := range out {
				o.File.Close()
			}
			return nil, fmt.Errorf("hand over the %s socket: %w", s.name, err)
		}
		out = append(out, bench.Socket{Name: s.name, File: file})
	}
	return out, nil
}
