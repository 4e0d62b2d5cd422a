package sms_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms/smstest"
)

func password() *switchboard.Message {
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelSMS, "+4915112345678", "de", time.Now())
	m.Text = "Ihr Erstanmelde-Passwort: Xy7-kQ2m"
	return m
}

func TestSendPostsJSONWithIdempotencyKey(t *testing.T) {
	g := smstest.New(t)
	m := password()
	if err := smstest.Sender(t, g.URL).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	a := g.Attempts()
	if len(a) != 1 {
		t.Fatalf("%d requests, want 1", len(a))
	}
	want := sms.Request{To: m.To, Text: m.Text, IdempotencyKey: m.Key}
	if a[0].Request != want || a[0].HeaderKey != m.Key || a[0].Status != http.StatusOK {
		t.Errorf("gateway got %+v, want %+v with header key %s", a[0], want, m.Key)
	}
}

func TestStatusClassification(t *testing.T) {
	for _, tc := range []struct {
		status    int
		ok        bool
		permanent bool
	}{
		{200, true, false}, {202, true, false}, {204, true, false},
		{400, false, true}, {401, false, true}, {404, false, true}, {422, false, true},
		{408, false, false}, {429, false, false},
		{500, false, false}, {502, false, false}, {503, false, false},
		{301, false, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if tc.status == 301 {
				w.Header().Set("Location", "/elsewhere")
			}
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(`{"echo":"Ihr Erstanmelde-Passwort: Xy7-kQ2m"}`))
		}))
		err := smstest.Sender(t, srv.URL).Send(context.Background(), password())
		srv.Close()
		if (err == nil) != tc.ok || notify.IsPermanent(err) != tc.permanent {
			t.Errorf("gateway %d: got %v (permanent %v), want ok %v permanent %v",
				tc.status, err, notify.IsPermanent(err), tc.ok, tc.permanent)
		}
		if err != nil && strings.Contains(err.Error(), "Xy7-kQ2m") {
			t.Errorf("gateway %d: error shows the message text: %v", tc.status, err)
		}
	}
}

func TestBasicAuthFromURL(t *testing.T) {
	var user, pass string
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		user, pass, _ = r.BasicAuth()
	}))
	defer srv.Close()
	url := strings.Replace(srv.URL, "http://", "http://acct:gw-secret@", 1)
	s := smstest.Sender(t, url)
	if err := s.Send(context.Background(), password()); err != nil {
		t.Fatal(err)
	}
	if user != "acct" || pass != "gw-secret" {
		t.Errorf("basic auth %q/%q, want acct/gw-secret", user, pass)
	}
	if strings.Contains(s.String(), "gw-secret") {
		t.Errorf("String() shows the password: %s", s)
	}
}

func TestUnreachableGatewayIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	err := smstest.Sender(t, url).Send(context.Background(), password())
	if err == nil || notify.IsPermanent(err) {
		t.Fatalf("got %v, want a retryable error", err)
	}
}

func TestRefusesEmailAndBadURL(t *testing.T) {
	g := smstest.New(t)
	m := password()
	m.Channel = switchboard.ChannelEmail
	if err := smstest.Sender(t, g.URL).Send(context.Background(), m); !notify.IsPermanent(err) {
		t.Errorf("e-mail through the SMS sender: got %v, want a permanent error", err)
	}
	for _, u := range []string{"", "ftp://gw.example/send", "gateway.example/send", "http://"} {
		if _, err := sms.New(sms.Config{URL: u}); err == nil {
			t.Errorf("sms.New(%q) accepted", u)
		}
	}
}
