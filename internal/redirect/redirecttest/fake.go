// Package redirecttest holds what the fakes of the redirect services share
// (the MAC table, injected faults) and Run, the behaviour every connector
// must show against its fake. The fakes themselves live beside each
// connector, in <service>/<service>test.
package redirecttest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/redirect"
)

// The account names a fake knows: Ours is the account the connector under
// test uses, Other holds MACs the test seeds as taken.
const (
	Ours  = "switchboard"
	Other = "another-reseller"
)

// Entry is one MAC at a fake service.
type Entry struct {
	URL   string
	Owner string
}

// Fault replaces the fake's next answer.
type Fault struct {
	// Status answers with this HTTP status (and RetryAfter as Retry-After).
	Status     int
	RetryAfter string
	// Body answers 200 with this text instead of the service's answer.
	Body string
	// Stall holds the request until the client gives up.
	Stall bool
}

// Fake is the state of a fake redirect service: which account holds which
// MAC, and faults to serve instead of the next answers. Its methods are
// safe for concurrent use.
type Fake struct {
	mu       sync.Mutex
	entries  map[redirect.MAC]Entry
	faults   []Fault
	requests int
}

// NewFake returns an empty fake.
func NewFake() *Fake { return &Fake{entries: map[redirect.MAC]Entry{}} }

// Put sets the entry of mac.
func (f *Fake) Put(mac redirect.MAC, e Entry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries[mac] = e
}

// Get returns the entry of mac.
func (f *Fake) Get(mac redirect.MAC) (Entry, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.entries[mac]
	return e, ok
}

// Delete removes the entry of mac.
func (f *Fake) Delete(mac redirect.MAC) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.entries, mac)
}

// Inject queues a fault for the next request.
func (f *Fake) Inject(fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, fault)
}

// Requests counts the requests the fake received.
func (f *Fake) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Wrap serves queued faults before passing requests on to the service's
// handler h.
func (f *Fake) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests++
		var fault *Fault
		if len(f.faults) > 0 {
			fault = &f.faults[0]
			f.faults = f.faults[1:]
		}
		f.mu.Unlock()
		switch {
		case fault == nil:
			h.ServeHTTP(w, r)
		case fault.Stall:
			// The server notices a client that gave up only once the
			// request body has been read.
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		case fault.Status != 0:
			if fault.RetryAfter != "" {
				w.Header().Set("Retry-After", fault.RetryAfter)
			}
			http.Error(w, http.StatusText(fault.Status), fault.Status)
		default:
			_, _ = w.Write([]byte(fault.Body))
		}
	})
}

// Code is the label code the fakes expect with a MAC (Gigaset's MAC-ID
// check code, Grandstream's serial number): four hex digits derived from
// the MAC, so tests know it without a table.
func Code(mac redirect.MAC) string {
	sum := sha256.Sum256([]byte(mac))
	return strings.ToUpper(hex.EncodeToString(sum[:2]))
}

// Accounts returns the secrets of a fake's two accounts by name: Ours with
// ours, Other with a secret of its own.
func Accounts(ours string) map[string]string {
	return map[string]string{Ours: ours, Other: "other-secret"}
}

// PhonePath is where PhoneLookup answers: PhonePath + MAC.
const PhonePath = "/phone/"

// PhoneLookup is the phone-facing side of the service: a factory-fresh
// phone asks with its MAC where to fetch its profile and gets the URL its
// MAC points at as plain text, 404 when no account holds it. The real
// services answer phones each in their own protocol; the phone simulator
// asks here.
func (f *Fake) PhoneLookup() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.URL.Path, PhonePath)
		mac, err := redirect.ParseMAC(raw)
		if !ok || err != nil || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		e, found := f.Get(mac)
		if !found || e.URL == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, e.URL)
	})
}
