package sim

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
)

// maxSIPMessage bounds one message read from a stream.
const maxSIPMessage = 64 << 10

// link is how a phone reaches its registrar: the group's shared UDP socket,
// or a TCP or TLS connection of its own (as a real phone keeps one).
type link interface {
	// transact sends a request and returns its final answer.
	transact(ctx context.Context, msg []byte, branch string) (*sip.Response, error)
	// local is the address put into Via and Contact; transport the Via
	// transport ("UDP", "TCP", "TLS").
	local() string
	transport() string
	close()
}

// udpLink is a phone's view of its group's socket.
type udpLink struct {
	g    *group
	dest *net.UDPAddr
}

func (l *udpLink) transact(ctx context.Context, msg []byte, branch string) (*sip.Response, error) {
	return l.g.transact(ctx, msg, branch, l.dest)
}
func (l *udpLink) local() string     { return l.g.local }
func (l *udpLink) transport() string { return "UDP" }
func (l *udpLink) close()            {}

// streamLink is a phone's own TCP or TLS connection. Answers are matched
// by Via branch; requests (NOTIFY) are answered on the connection and
// handed to the phone.
type streamLink struct {
	conn  net.Conn
	proto string
	p     *phone

	waiting waiters
	closed  chan struct{}
}

// dialStream connects to the registrar over TCP or TLS (verifying its
// certificate with tc) and starts reading.
func dialStream(ctx context.Context, p *phone, proto string, addr string, tc *tls.Config, serverName string) (*streamLink, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(p.fl.opt.LocalIP)}}
	var conn net.Conn
	var err error
	if proto == "TLS" {
		c := tc.Clone()
		if c.ServerName == "" {
			c.ServerName = serverName
		}
		conn, err = (&tls.Dialer{NetDialer: &d, Config: c}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, err
	}
	l := &streamLink{conn: conn, proto: proto, p: p, closed: make(chan struct{})}
	go l.read()
	return l, nil
}

func (l *streamLink) local() string     { return l.conn.LocalAddr().String() }
func (l *streamLink) transport() string { return l.proto }

func (l *streamLink) close() {
	l.conn.Close()
	<-l.closed
}

func (l *streamLink) transact(ctx context.Context, msg []byte, branch string) (*sip.Response, error) {
	ch, done := l.waiting.wait(branch)
	defer done()
	_ = l.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := l.conn.Write(msg); err != nil {
		return nil, fmt.Errorf("send over %s: %w", l.proto, err)
	}
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-l.closed:
			return nil, errors.New("the registrar closed the connection")
		case res := <-ch:
			if res.StatusCode >= 200 {
				return res, nil
			}
		}
	}
}

// read parses messages off the stream (headers, then Content-Length bytes)
// until the connection closes.
func (l *streamLink) read() {
	defer close(l.closed)
	r := bufio.NewReaderSize(l.conn, 8192)
	for {
		msg, err := readStreamMessage(r)
		if err != nil {
			l.conn.Close()
			return
		}
		if msg == nil {
			continue // keep-alive CRLF
		}
		m, err := sip.ParseMessage(msg)
		if err != nil {
			l.p.fl.stats.fail("sip-unparsable", err)
			continue
		}
		switch m := m.(type) {
		case *sip.Response:
			l.waiting.deliver(m)
		case *sip.Request:
			m.SetSource(l.conn.RemoteAddr().String())
			res, ev := answer(m, func(string) *phone { return l.p })
			if res != nil {
				_ = l.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
				_, _ = l.conn.Write([]byte(res.String()))
			}
			if ev != nil {
				ev()
			}
		}
	}
}

// readStreamMessage reads one SIP message from a stream; nil for the CRLF
// keep-alives RFC 5626 allows between messages.
func readStreamMessage(r *bufio.Reader) ([]byte, error) {
	var head []byte
	length := 0
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		if len(head) == 0 && (string(line) == "\r\n" || string(line) == "\n") {
			return nil, nil
		}
		head = append(head, line...)
		if len(head) > maxSIPMessage {
			return nil, errors.New("SIP message too large")
		}
		if string(line) == "\r\n" || string(line) == "\n" {
			break
		}
		name, value, ok := strings.Cut(string(line), ":")
		if ok {
			switch textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name)) {
			case "Content-Length", "L":
				if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil || length < 0 || length > maxSIPMessage {
					return nil, errors.New("bad Content-Length")
				}
			}
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return append(head, body...), nil
}
