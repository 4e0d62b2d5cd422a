package sim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
)

// RFC 3261 §17.1.2 timers for our non-INVITE requests over UDP.
const (
	timerT1 = 500 * time.Millisecond
	timerT2 = 4 * time.Second
)

// udpBuffer is the socket buffer asked for each group's socket, so a burst
// of answers is queued rather than dropped.
const udpBuffer = 4 << 20

// group is a set of phones sharing one UDP socket and a few workers. A
// real phone has a socket of its own; the server cannot tell the
// difference, since each phone has its own Contact user and Call-ID, and
// answers go to the socket the request came from.
type group struct {
	conn  *net.UDPConn
	local string
	tasks chan func()

	waiting waiters

	mu     sync.Mutex
	phones map[string]*phone // by Contact user

	stats *stats
}

func newGroup(localIP string, queue int, st *stats) (*group, error) {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(localIP)})
	if err != nil {
		return nil, fmt.Errorf("open a SIP socket on %s: %w", localIP, err)
	}
	_ = c.SetReadBuffer(udpBuffer)
	_ = c.SetWriteBuffer(udpBuffer)
	return &group{
		conn: c, local: c.LocalAddr().String(), tasks: make(chan func(), queue),
		phones: map[string]*phone{}, stats: st,
	}, nil
}

// run starts the reader and the workers; they end when ctx ends.
func (g *group) run(ctx context.Context, wg *sync.WaitGroup, workers int) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		g.read()
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case f := <-g.tasks:
					f()
				}
			}
		}()
	}
	go func() {
		<-ctx.Done()
		g.conn.Close()
	}()
}

// enqueue hands a task to the group's workers; it gives up when ctx ends.
func (g *group) enqueue(ctx context.Context, f func()) {
	select {
	case g.tasks <- f:
	case <-ctx.Done():
	}
}

// attach makes NOTIFYs for Contact user reach p.
func (g *group) attach(user string, p *phone) {
	g.mu.Lock()
	g.phones[user] = p
	g.mu.Unlock()
}

// read dispatches answers to the waiting transaction and requests (NOTIFY,
// OPTIONS) to their phone, until the socket closes.
func (g *group) read() {
	buf := make([]byte, 65535)
	for {
		n, from, err := g.conn.ReadFromUDP(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		msg, err := sip.ParseMessage(append([]byte(nil), buf[:n]...))
		if err != nil {
			g.stats.fail("sip-unparsable", err)
			continue
		}
		switch m := msg.(type) {
		case *sip.Response:
			g.waiting.deliver(m)
		case *sip.Request:
			g.request(m, from)
		}
	}
}

// request answers a request from the server that came to the shared
// socket.
func (g *group) request(req *sip.Request, from *net.UDPAddr) {
	req.SetSource(from.String())
	res, ev := answer(req, func(user string) *phone {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.phones[user]
	})
	if res != nil {
		_, _ = g.conn.WriteToUDP([]byte(res.String()), from)
	}
	if ev != nil {
		ev()
	}
}

// answer builds the answer to a request from the server: OPTIONS with 200,
// NOTIFY to a known phone with 200 (and returns the phone's reaction, to
// run after the answer is sent), anything else with 405 (a phone that
// takes no calls here). lookup finds the phone by Request-URI user.
func answer(req *sip.Request, lookup func(user string) *phone) (*sip.Response, func()) {
	if req.Via() == nil || req.From() == nil || req.To() == nil || req.CallID() == nil || req.CSeq() == nil {
		return nil, nil
	}
	code, reason := 200, "OK"
	var then func()
	switch req.Method {
	case sip.OPTIONS:
	case sip.NOTIFY:
		target := lookup(req.Recipient.User)
		if target == nil {
			code, reason = 481, "Subscription Does Not Exist"
			break
		}
		ev := ""
		if h := req.GetHeader("Event"); h != nil {
			ev = h.Value()
		}
		then = func() { target.notified(ev) }
	case sip.ACK:
		return nil, nil
	default:
		code, reason = 405, "Method Not Allowed"
	}
	res := sip.NewResponseFromRequest(req, code, reason, nil)
	if req.Method != sip.OPTIONS || code != 200 {
		res.AppendHeader(sip.NewHeader("Allow", "INVITE, ACK, CANCEL, BYE, NOTIFY, OPTIONS"))
	}
	return res, then
}

// transact sends a request and retransmits it (T1 doubling up to T2) until
// a final answer arrives or ctx ends.
func (g *group) transact(ctx context.Context, msg []byte, branch string, to *net.UDPAddr) (*sip.Response, error) {
	ch, done := g.waiting.wait(branch)
	defer done()
	interval := timerT1
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case res := <-ch:
			if res.StatusCode >= 200 {
				return res, nil
			}
			interval = timerT2 // a provisional answer: retransmit at T2 only
		case <-timer.C:
			if _, err := g.conn.WriteToUDP(msg, to); err != nil {
				return nil, fmt.Errorf("send to %s: %w", to, err)
			}
			timer.Reset(interval)
			interval = min(2*interval, timerT2)
		}
	}
}

// contactExpires finds the expiry the registrar granted our contact in a
// 200 answer: the contact's expires parameter, else the Expires header.
func contactExpires(res *sip.Response, contactURI string) (time.Duration, bool) {
	for _, h := range res.GetHeaders("Contact") {
		for _, c := range strings.Split(h.Value(), ",") {
			if !strings.Contains(c, contactURI) {
				continue
			}
			for _, p := range strings.Split(c, ";") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(p), "expires="); ok {
					if d, err := time.ParseDuration(v + "s"); err == nil {
						return d, true
					}
				}
			}
		}
	}
	if h := res.GetHeader("Expires"); h != nil {
		if d, err := time.ParseDuration(strings.TrimSpace(h.Value()) + "s"); err == nil {
			return d, true
		}
	}
	return 0, false
}
