// Package smtp sends outbox e-mail through an SMTP server with
// github.com/wneessen/go-mail: STARTTLS when the server offers it (or
// always, when required), implicit TLS for smtps://, authentication from
// the URL, and the message's Key as its Message-ID so that a re-send after a
// crash is recognisable as the same message.
package smtp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
)

// Config configures a Sender.
type Config struct {
	// URL is the server: smtp://user:pass@host:587 (STARTTLS when offered;
	// add ?starttls=required to refuse a server without it) or
	// smtps://user:pass@host:465 (TLS from the first byte). User and
	// password are optional; without them no authentication is tried. A
	// from=address query parameter gives the sender when From is empty.
	URL string
	// From is the sender address; its domain also names the Message-ID's
	// host part.
	From string
	// TLSConfig verifies the server; nil means the system roots and the
	// URL's host name. Its ServerName is filled in when empty.
	TLSConfig *tls.Config
	// Timeout bounds the connection and each SMTP command; the context of
	// Send bounds the whole attempt as well.
	Timeout time.Duration
}

// Sender sends e-mail messages. It opens one connection per message, so it
// holds no state between attempts and is safe for concurrent use.
type Sender struct {
	opts     []mail.Option
	host     string
	from     string
	idDomain string
	display  string
}

var _ notify.Sender = (*Sender)(nil)

// New parses cfg and returns a sender; it does not connect yet.
func New(cfg Config) (*Sender, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errors.New("smtp: the --smtp URL cannot be parsed; use smtp://user:pass@host:587")
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("smtp: the --smtp URL %s names no host", redact(u))
	}
	q := u.Query()
	from := cfg.From
	if from == "" {
		from = q.Get("from")
	}
	if err := switchboard.ValidateEmail("from", from); err != nil {
		return nil, fmt.Errorf("smtp: give the sender address (from=name@example.com in the URL): %w", err)
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tlsConf = cfg.TLSConfig.Clone()
	}
	if tlsConf.ServerName == "" {
		tlsConf.ServerName = host
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithTLSConfig(tlsConf), mail.WithTimeout(timeout)}
	var port int
	switch u.Scheme {
	case "smtp":
		port = mail.DefaultPortTLS
		switch mode := q.Get("starttls"); mode {
		case "", "opportunistic":
			opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
		case "required":
			opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
		default:
			return nil, fmt.Errorf("smtp: starttls=%s in the --smtp URL is unknown; use required or opportunistic", mode)
		}
	case "smtps":
		port = mail.DefaultPortSSL
		opts = append(opts, mail.WithSSL())
	default:
		return nil, fmt.Errorf("smtp: the --smtp URL must start with smtp:// or smtps://, not %s://", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("smtp: port %q in the --smtp URL is not a port number", p)
		}
	}
	opts = append(opts, mail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	return &Sender{
		opts: opts, host: host, from: from,
		idDomain: from[strings.LastIndexByte(from, '@')+1:],
		display:  redact(u),
	}, nil
}

// String names the server without its password, for logs.
func (s *Sender) String() string { return s.display }

// Send delivers one e-mail. A refusal of the recipient or of the content
// (5xx) is permanent; anything else, including an unreachable server or a
// failed login, is worth another attempt.
func (s *Sender) Send(ctx context.Context, m *switchboard.Message) error {
	if m.Channel != switchboard.ChannelEmail {
		return notify.Permanent(fmt.Errorf("smtp: cannot send a %s message", m.Channel))
	}
	msg, err := s.compose(m)
	if err != nil {
		return notify.Permanent(err)
	}
	c, err := mail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	err = c.DialAndSendWithContext(ctx, msg)
	if err == nil || msg.IsDelivered() {
		// Delivered: a later failure (RSET, QUIT) does not undo it.
		return nil
	}
	err = fmt.Errorf("smtp %s: %w", s.display, err)
	var se *mail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 &&
		(se.Reason == mail.ErrSMTPRcptTo || se.Reason == mail.ErrSMTPDataClose) {
		return notify.Permanent(err)
	}
	return err
}

// compose builds the MIME message: text with an HTML alternative, the
// Message-ID from the key, and the creation time as Date so every attempt
// writes the same message.
func (s *Sender) compose(m *switchboard.Message) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("smtp: sender %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("smtp: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.Key + "@" + s.idDomain)
	if m.CreatedAt.IsZero() {
		msg.SetDate()
	} else {
		msg.SetDateWithValue(m.CreatedAt)
	}
	if m.Language != "" {
		msg.SetGenHeader(mail.HeaderContentLang, m.Language)
	}
	// RFC 3834: no out-of-office answers to machine-written mail.
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// redact renders u without its password.
func redact(u *url.URL) string {
	r := *u
	if r.User != nil {
		if _, ok := r.User.Password(); ok {
			r.User = url.UserPassword(r.User.Username(), "xxxxx")
		}
	}
	r.RawQuery = ""
	return r.String()
}
