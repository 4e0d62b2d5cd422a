// Package smstest is an HTTP SMS gateway for tests, on 127.0.0.1: it takes
// the JSON POSTs of notify/sms, can be told to fail, and, like a real
// idempotent gateway, delivers a repeated idempotency key only once.
package smstest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/notify/sms"
)

// Attempt is one request the gateway received.
type Attempt struct {
	sms.Request
	// HeaderKey is the Idempotency-Key header.
	HeaderKey string
	// Status is what the gateway answered.
	Status int
}

// Gateway is a running test gateway.
type Gateway struct {
	// URL is the endpoint to give to sms.New.
	URL string

	mu        sync.Mutex
	attempts  []Attempt
	delivered []sms.Request
	seen      map[string]bool
	failures  []int
}

// New starts a gateway for the duration of t.
func New(t testing.TB) *Gateway {
	g := &Gateway{seen: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(srv.Close)
	g.URL = srv.URL + "/send"
	return g
}

// Sender returns a sender to the gateway at url that gives up on a
// request after five seconds.
func Sender(t testing.TB, url string) *sms.Sender {
	t.Helper()
	s, err := sms.New(sms.Config{URL: url, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// FailNext makes the next requests fail, one per given status code, in
// order; after them the gateway accepts again.
func (g *Gateway) FailNext(statuses ...int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failures = append(g.failures, statuses...)
}

// Attempts returns every request received, oldest first.
func (g *Gateway) Attempts() []Attempt {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Attempt(nil), g.attempts...)
}

// Delivered returns the messages handed on to the phone network: each
// idempotency key once, however often it was posted.
func (g *Gateway) Delivered() []sms.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]sms.Request(nil), g.delivered...)
}

func (g *Gateway) serve(w http.ResponseWriter, r *http.Request) {
	var req sms.Request
	status := http.StatusOK
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		status = http.StatusBadRequest
	} else if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.To == "" || req.Text == "" {
		status = http.StatusBadRequest
	}
	g.mu.Lock()
	if status == http.StatusOK && len(g.failures) > 0 {
		status, g.failures = g.failures[0], g.failures[1:]
	}
	if status == http.StatusOK && !g.seen[req.IdempotencyKey] {
		g.seen[req.IdempotencyKey] = true
		g.delivered = append(g.delivered, req)
	}
	g.attempts = append(g.attempts, Attempt{Request: req, HeaderKey: r.Header.Get("Idempotency-Key"), Status: status})
	g.mu.Unlock()
	w.WriteHeader(status)
}
