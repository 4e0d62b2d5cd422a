package smtp_test

import (
	"context"
	"crypto/tls"
	"net/mail"
	"strings"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp/smtptest"
)

const from = "noreply@switchboard.example"

func welcome() *switchboard.Message {
	m := switchboard.NewMessage(switchboard.MessageWelcome, switchboard.ChannelEmail, "anna.berg@kunde.example", "de",
		time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC))
	m.Subject = "Willkommen bei Switchboard – Ihr Benutzername"
	m.Text = "Hallo Anna,\nIhr Benutzername lautet anna.berg.\n"
	m.HTML = "<p>Hallo Anna,</p><p>Ihr Benutzername lautet <b>anna.berg</b>.</p>"
	return m
}

func send(t *testing.T, s *smtp.Sender, m *switchboard.Message) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.Send(ctx, m)
}

func TestSendSTARTTLSAuth(t *testing.T) {
	for _, query := range []string{"", "starttls=required"} {
		t.Run("query="+query, func(t *testing.T) {
			srv := smtptest.New(t, smtptest.Options{})
			m := welcome()
			if err := send(t, srv.Sender(t, from, query), m); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(t, 1, 5*time.Second)[0]
			if !got.TLS || !got.Authenticated {
				t.Errorf("session TLS=%v auth=%v, want both", got.TLS, got.Authenticated)
			}
			checkMail(t, got, m)
		})
	}
}

func checkMail(t *testing.T, got smtptest.Mail, m *switchboard.Message) {
	t.Helper()
	if got.From != from || len(got.To) != 1 || got.To[0] != m.To {
		t.Errorf("envelope %s → %v, want %s → %s", got.From, got.To, from, m.To)
	}
	h := got.Header
	if want := "<" + m.Key + "@switchboard.example>"; h.Get("Message-ID") != want {
		t.Errorf("Message-ID %q, want %q", h.Get("Message-ID"), want)
	}
	if to, err := mail.ParseAddress(h.Get("To")); err != nil || to.Address != m.To {
		t.Errorf("To header %q, want %s", h.Get("To"), m.To)
	}
	if got.Subject() != m.Subject {
		t.Errorf("Subject %q, want %q", got.Subject(), m.Subject)
	}
	if d, err := h.Date(); err != nil || !d.Equal(m.CreatedAt) {
		t.Errorf("Date %q, want the creation time %v", h.Get("Date"), m.CreatedAt)
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("Content-Language") != m.Language {
		t.Errorf("Auto-Submitted %q, Content-Language %q", h.Get("Auto-Submitted"), h.Get("Content-Language"))
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type %q, want multipart/alternative", ct)
	}
	parts, err := got.Parts()
	if err != nil {
		t.Fatal(err)
	}
	if parts["text/plain"] != m.Text || parts["text/html"] != m.HTML {
		t.Errorf("bodies %q, want text %q and html %q", parts, m.Text, m.HTML)
	}
}

func TestResendKeepsMessageID(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	s := srv.Sender(t, from, "")
	m := welcome()
	for range 2 {
		if err := send(t, s, m); err != nil {
			t.Fatal(err)
		}
	}
	got := srv.Wait(t, 2, 5*time.Second)
	if a, b := got[0].Header.Get("Message-ID"), got[1].Header.Get("Message-ID"); a != b || a == "" {
		t.Errorf("re-sent message has Message-ID %q, first %q", b, a)
	}
}

func TestImplicitTLS(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{ImplicitTLS: true})
	m := welcome()
	if err := send(t, srv.Sender(t, from, ""), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	if !got.TLS {
		t.Error("smtps session was not encrypted")
	}
	checkMail(t, got, m)
}

func TestStartTLSRequiredRefusesPlainServer(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{NoTLS: true})
	err := send(t, srv.Sender(t, from, "starttls=required"), welcome())
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("got %v, want a retryable error", err)
	}
	if n := len(srv.Mails()); n != 0 {
		t.Errorf("%d messages reached a server without STARTTLS", n)
	}
}

func TestNoPasswordOverPlainConnection(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{NoTLS: true})
	err := send(t, srv.Sender(t, from, ""), welcome())
	if err == nil {
		t.Fatal("logged in and sent over an unencrypted connection")
	}
	if strings.Contains(err.Error(), smtptest.Password) {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestWrongPasswordIsRetried(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{})
	url := strings.Replace(srv.URL(from, ""), smtptest.Password, "wrong-pass", 1)
	s, err := smtp.New(smtp.Config{URL: url, TLSConfig: &tls.Config{RootCAs: srv.RootCAs}})
	if err != nil {
		t.Fatal(err)
	}
	err = send(t, s, welcome())
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("got %v, want a retryable error (the operator can fix the password)", err)
	}
	if strings.Contains(err.Error(), "wrong-pass") || strings.Contains(s.String(), "wrong-pass") {
		t.Errorf("password in error %q or name %q", err, s)
	}
}

func TestRefusalClassification(t *testing.T) {
	for _, tc := range []struct {
		code      int
		permanent bool
	}{{550, true}, {554, true}, {451, false}, {452, false}} {
		srv := smtptest.New(t, smtptest.Options{})
		srv.OnData(func(smtptest.Mail) error {
			return &gosmtp.SMTPError{Code: tc.code, Message: "not today"}
		})
		err := send(t, srv.Sender(t, from, ""), welcome())
		if err == nil || notify.IsPermanent(err) != tc.permanent {
			t.Errorf("server answered %d: got %v, permanent %v, want permanent %v", tc.code, err, notify.IsPermanent(err), tc.permanent)
		}
	}
}

func TestUnreachableServerIsRetried(t *testing.T) {
	s, err := smtp.New(smtp.Config{URL: "smtp://127.0.0.1:1?from=" + from, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := send(t, s, welcome()); err == nil || notify.IsPermanent(err) {
		t.Fatalf("got %v, want a retryable error", err)
	}
}

func TestNewRefusesBadURL(t *testing.T) {
	for _, tc := range []struct{ url, from, want string }{
		{"http://host:25?from=" + from, "", "smtp:// or smtps://"},
		{"smtp://:25?from=" + from, "", "no host"},
		{"smtp://host:99999?from=" + from, "", "not a port"},
		{"smtp://host:587?starttls=maybe&from=" + from, "", "starttls=maybe"},
		{"smtp://host:587", "", "sender address"},
		{"smtp://host:587", "not-an-address", "sender address"},
	} {
		_, err := smtp.New(smtp.Config{URL: tc.url, From: tc.from})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error mentioning %q", tc.url, err, tc.want)
		}
	}
	s, err := smtp.New(smtp.Config{URL: "smtps://u:topsecret@mail.example?from=" + from})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.String(), "topsecret") {
		t.Errorf("String() shows the password: %s", s)
	}
}
