// Package sbtest holds what the tests of several packages need alike: a
// log buffer that concurrent handlers write to, waiting for a goroutine to
// end, a clock a test moves, and a certificate for a test server. Its
// package stores opens fresh stores and package peers runs real SIP peers.
// Only tests import them.
package sbtest

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

// Buffer collects log output written by concurrent goroutines, so a test
// can read what a server logged while it still runs.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Wait waits up to limit for the error a goroutine sends on done when it
// ends, and fails t if it is not nil or does not come: what names the
// goroutine in the failure.
func Wait(t testing.TB, done <-chan error, limit time.Duration, what string) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(limit):
		t.Fatalf("%s did not stop", what)
	}
}
