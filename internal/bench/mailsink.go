package bench

import (
	"io"
	"net"
	"strings"
	"sync"
	"time"

	gosmtp "github.com/emersion/go-smtp"
)

// MailSink is an SMTP server on 127.0.0.1 that accepts every message
// without TLS or login and keeps, per recipient, when its messages
// arrived: the orders benchmark measures the server's mail latency with a
// real SMTP conversation, not a stub sender.
type MailSink struct {
	// Addr is host:port on 127.0.0.1.
	Addr string

	srv     *gosmtp.Server
	done    chan struct{}
	mu      sync.Mutex
	arrived map[string][]time.Time
	total   int
	seen    chan struct{}
}

// StartMailSink listens on a free port of 127.0.0.1 and serves until
// Close.
func StartMailSink() (*MailSink, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &MailSink{Addr: l.Addr().String(), done: make(chan struct{}), arrived: map[string][]time.Time{},
		seen: make(chan struct{}, 1)}
	s.srv = gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &sinkSession{sink: s}, nil
	}))
	s.srv.Domain = "sink.test"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	s.srv.MaxMessageBytes = 1 << 20
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(l)
	}()
	return s, nil
}

// URL is the serve --smtp URL that delivers to the sink.
func (s *MailSink) URL() string { return "smtp://" + s.Addr + "?from=bench%40switchboard.test" }

// Close stops the server.
func (s *MailSink) Close() {
	_ = s.srv.Close()
	<-s.done
}

// Total is how many messages arrived so far.
func (s *MailSink) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Arrivals returns when messages to the address (lower case) arrived,
// first first.
func (s *MailSink) Arrivals(addr string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.arrived[strings.ToLower(addr)]...)
}

// Seen is signalled (without blocking, so it may coalesce) after each
// message.
func (s *MailSink) Seen() <-chan struct{} { return s.seen }

type sinkSession struct {
	sink *MailSink
	to   []string
}

func (s *sinkSession) Mail(string, *gosmtp.MailOptions) error { return nil }

func (s *sinkSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, strings.ToLower(to))
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	now := time.Now()
	s.sink.mu.Lock()
	for _, to := range s.to {
		s.sink.arrived[to] = append(s.sink.arrived[to], now)
	}
	s.sink.total++
	s.sink.mu.Unlock()
	select {
	case s.sink.seen <- struct{}{}:
	default:
	}
	return nil
}

func (s *sinkSession) Reset() { s.to = nil }

func (s *sinkSession) Logout() error { return nil }
