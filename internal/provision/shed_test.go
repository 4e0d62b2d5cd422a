package provision_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/bus"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// blockedSource is a store whose lookups wait until release is closed, then
// find nothing; bookkeeping is dropped.
type blockedSource struct {
	provision.Source
	release chan struct{}
	started chan string
}

func (s *blockedSource) ProvisioningByKey(ctx context.Context, key string) (*app.DeviceProvisioning, error) {
	s.started <- key
	select {
	case <-s.release:
	case <-ctx.Done():
	}
	return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no device")
}
func (s *blockedSource) ProbeKey(context.Context, string)                    {}
func (s *blockedSource) RecordRefusals(context.Context, []app.Refusal) error { return nil }
func (s *blockedSource) RecordFetches(context.Context, []app.Fetch) error    { return nil }
func (s *blockedSource) RecordFetchedFiles(context.Context, []*switchboard.FetchedFile) error {
	return nil
}

// TestShedsLoadPastItsLookups lets two lookups hang in the store: a
// third fetch needing one more is answered at once with 503 and a
// Retry-After within the window, while a fetch for a key already being
// looked up waits for that lookup and is not shed.
func TestShedsLoadPastItsLookups(t *testing.T) {
	src := &blockedSource{release: make(chan struct{}), started: make(chan string, 10)}
	srv, err := provision.New(provision.Options{Source: src, Changes: bus.NewLocal(), MaxLookups: 2, ShedWindow: 3 * time.Second,
		MaxMisses: 1000, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	path := func(c byte) string { return "/" + strings.Repeat(string(c), 48) + ".cfg" }
	fetch := func(p string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.RemoteAddr = "192.0.2.1:5060"
		srv.ServeHTTP(rec, req)
		return rec
	}
	var wg sync.WaitGroup
	answers := make([]int, 3)
	for i, c := range []byte{'a', 'b', 'a'} {
		wg.Add(1)
		go func() { defer wg.Done(); answers[i] = fetch(path(c)).Code }()
		if i < 2 {
			<-src.started
		}
	}
	time.Sleep(50 * time.Millisecond) // the second fetch of 'a' joins its lookup
	shed := fetch(path('c'))
	close(src.release)
	wg.Wait()
	secs, err := strconv.Atoi(shed.Header().Get("Retry-After"))
	if shed.Code != http.StatusServiceUnavailable || err != nil || secs < 1 || secs > 3 {
		t.Errorf("the fetch past the bound: %d, Retry-After %q; want 503 with 1 to 3 s", shed.Code, shed.Header().Get("Retry-After"))
	}
	for i, code := range answers {
		if code != http.StatusNotFound {
			t.Errorf("fetch %d waiting on a lookup: %d, want the lookup's own answer (404)", i, code)
		}
	}
	if srv.Shed() != 1 {
		t.Errorf("Shed() = %d, want 1", srv.Shed())
	}
	if after := fetch(path('c')); after.Code != http.StatusNotFound {
		t.Errorf("after the lookups ended: %d, want 404", after.Code)
	}
}
