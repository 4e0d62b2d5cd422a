// Package smtptest runs a real SMTP server inside a test process, on
// 127.0.0.1 at a free port, with STARTTLS (or implicit TLS) on a self-signed
// certificate and AUTH PLAIN, and keeps every message it accepts so tests
// can read headers and bodies. Built on github.com/emersion/go-smtp.
package smtptest

import (
	"bytes"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// Credentials the server accepts.
const (
	Username = "mailer"
	Password = "s3cret-mail-pass"
)

// Options choose the server's TLS behaviour.
type Options struct {
	// ImplicitTLS speaks TLS from the first byte (smtps) instead of
	// offering STARTTLS.
	ImplicitTLS bool
	// NoTLS offers neither STARTTLS nor TLS, to check that a client which
	// requires STARTTLS refuses the server.
	NoTLS bool
}

// Mail is one accepted message.
type Mail struct {
	From string
	To   []string
	// Data is the message as received, headers and body.
	Data []byte
	// Header is Data's parsed header.
	Header mail.Header
	// TLS and Authenticated say how the session that delivered it was
	// secured.
	TLS, Authenticated bool
}

// Server is a running test SMTP server.
type Server struct {
	// Addr is host:port on 127.0.0.1.
	Addr string
	// RootCAs trusts the server's certificate.
	RootCAs *x509.CertPool

	opts   Options
	mu     sync.Mutex
	mails  []Mail
	onData func(Mail) error
	seen   chan struct{}
}

// OnData sets a function called with each message before it is kept; a
// non-nil error refuses the message with that error (a *gosmtp.SMTPError
// chooses the status code). It runs on the server's goroutine.
func (s *Server) OnData(f func(Mail) error) {
	s.mu.Lock()
	s.onData = f
	s.mu.Unlock()
}

// New starts a server for the duration of t.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	pair, pool := sbtest.Certificate(t, "127.0.0.1")
	tlsConf := &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}

	s := &Server{RootCAs: pool, opts: opts, seen: make(chan struct{}, 1)}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(c *gosmtp.Conn) (gosmtp.Session, error) {
		return &session{srv: s, conn: c}, nil
	}))
	srv.Domain = "mx.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 1 << 20
	var (
		l   net.Listener
		err error
	)
	switch {
	case opts.ImplicitTLS:
		l, err = tls.Listen("tcp", "127.0.0.1:0", tlsConf)
	default:
		l, err = net.Listen("tcp", "127.0.0.1:0")
		if !opts.NoTLS {
			srv.TLSConfig = tlsConf
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return s
}

// URL returns an --smtp URL for this server with the right credentials and
// the given sender, plus extra query parameters (such as
// "starttls=required").
func (s *Server) URL(from, query string) string {
	scheme := "smtp"
	if s.opts.ImplicitTLS {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, User: url.UserPassword(Username, Password), Host: s.Addr,
		RawQuery: "from=" + url.QueryEscape(from)}
	if query != "" {
		u.RawQuery += "&" + query
	}
	return u.String()
}

// Sender returns a sender with the given from address to this server that
// trusts its certificate; query is as for URL.
func (s *Server) Sender(t testing.TB, from, query string) *smtp.Sender {
	t.Helper()
	snd, err := smtp.New(smtp.Config{URL: s.URL(from, query),
		TLSConfig: &tls.Config{RootCAs: s.RootCAs}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return snd
}

// Mails returns the messages accepted so far, oldest first.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Wait returns once at least n messages were accepted, or fails t after
// timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Mail {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if m := s.Mails(); len(m) >= n {
			return m
		}
		select {
		case <-s.seen:
		case <-deadline.C:
			t.Fatalf("smtptest: %d messages after %v, want %d", len(s.Mails()), timeout, n)
		}
	}
}

// Copies counts the mails in got by Message-ID and fails t for a mail
// that is not one of msgs to its recipient: the Message-ID of a message
// is <key@domain>, after its key.
func Copies(t testing.TB, got []Mail, msgs []*switchboard.Message, domain string) map[string]int {
	t.Helper()
	to := map[string]string{}
	for _, m := range msgs {
		to["<"+m.Key+"@"+domain+">"] = m.To
	}
	copies := map[string]int{}
	for _, g := range got {
		id := g.Header.Get("Message-Id")
		if want, ok := to[id]; !ok || len(g.To) != 1 || g.To[0] != want {
			t.Errorf("mail to %v with Message-ID %q matches no message", g.To, id)
		}
		copies[id]++
	}
	return copies
}

type session struct {
	srv    *Server
	conn   *gosmtp.Conn
	authed bool
	from   string
	to     []string
}

var _ gosmtp.AuthSession = (*session)(nil)

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, gosmtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if subtle.ConstantTimeCompare([]byte(user), []byte(Username)) != 1 ||
			subtle.ConstantTimeCompare([]byte(pass), []byte(Password)) != 1 {
			return gosmtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *gosmtp.MailOptions) error {
	if !s.authed {
		return gosmtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return &gosmtp.SMTPError{Code: 554, EnhancedCode: gosmtp.EnhancedCode{5, 6, 0}, Message: "unparsable message: " + err.Error()}
	}
	_, isTLS := s.conn.TLSConnectionState()
	m := Mail{From: s.from, To: append([]string(nil), s.to...), Data: data, Header: msg.Header,
		TLS: isTLS, Authenticated: s.authed}
	s.srv.mu.Lock()
	onData := s.srv.onData
	s.srv.mu.Unlock()
	if onData != nil {
		if err := onData(m); err != nil {
			return err
		}
	}
	s.srv.mu.Lock()
	s.srv.mails = append(s.srv.mails, m)
	s.srv.mu.Unlock()
	select {
	case s.srv.seen <- struct{}{}:
	default:
	}
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }

// Subject returns the decoded Subject header.
func (m Mail) Subject() string {
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return m.Header.Get("Subject")
	}
	return s
}

// Parts returns the decoded bodies of the message by media type
// ("text/plain", "text/html"), looking into multipart containers, with the
// wire's CRLF line ends turned into LF.
func (m Mail) Parts() (map[string]string, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	err = collectParts(textproto.MIMEHeader(msg.Header), msg.Body, out)
	return out, err
}

func collectParts(h textproto.MIMEHeader, body io.Reader, out map[string]string) error {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return fmt.Errorf("content type %q: %w", h.Get("Content-Type"), err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			} else if err != nil {
				return err
			}
			if err := collectParts(p.Header, p, out); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s part: %w", mediaType, err)
	}
	out[mediaType] = strings.ReplaceAll(string(b), "\r\n", "\n")
	return nil
}
