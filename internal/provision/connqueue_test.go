package provision_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/connlimit"
	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// serveCapped runs the server on one more loopback TLS listener, capped
// at limit connections per address with a queue of queue, as serve runs
// it; it returns the address.
func (e *env) serveCapped(limit, queue int, refused func()) string {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	e.must(err)
	cfg := &tls.Config{Certificates: []tls.Certificate{e.cert}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.Serve(ctx, tls.NewListener(connlimit.NewQueued(ln, limit, queue, refused), cfg)) }()
	e.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			e.t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// answer is what one fetch of a storm got.
type answer struct {
	status     int
	retryAfter string
	err        error
}

// storm fetches path over n new TLS connections to addr at once, as n
// phones behind one address booting together.
func (e *env) storm(addr, path string, n int) []answer {
	out := make([]answer, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			c, err := tls.DialWithDialer(&net.Dialer{Timeout: 20 * time.Second}, "tcp", addr, phoneTLS(e.pool))
			if err != nil {
				out[i].err = err
				return
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(30 * time.Second))
			if _, err := io.WriteString(c, get(path, "Connection: close\r\n")); err != nil {
				out[i].err = err
				return
			}
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err == nil {
				_, err = io.Copy(io.Discard, res.Body)
				out[i] = answer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After")}
			}
			out[i].err = err
		})
	}
	wg.Wait()
	return out
}

// TestStormPastTheConnectionCapIsToldToRetryLater opens more connections
// from one address than its cap allows. While two idle connections hold
// both places, every fetch of a storm is answered 503 with a Retry-After
// within the shedding window after its wait, and none is reset or closed
// unanswered ; once the places are free, a
// storm is served, connections waiting their turn in the queue.
func TestStormPastTheConnectionCapIsToldToRetryLater(t *testing.T) {
	e := newEnv(t, 1000, func(o *provision.Options) {
		o.ConnWait, o.ShedWindow, o.HeaderTimeout = 3*time.Second, 3*time.Second, 20*time.Second
	})
	path := "/" + key(e.device("yealink-t54w", "001565aabbcc", true)) + ".cfg"
	refused := 0
	addr := e.serveCapped(2, 24, func() { refused++ })
	var holders []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		e.must(err)
		holders = append(holders, c)
	}
	for i, a := range e.storm(addr, path, 24) {
		secs, err := strconv.Atoi(a.retryAfter)
		if a.err != nil || a.status != http.StatusServiceUnavailable || err != nil || secs < 1 || secs > 3 {
			t.Errorf("fetch %d while the places are held: %d, Retry-After %q, %v; want 503 with 1 to 3 s", i, a.status, a.retryAfter, a.err)
		}
	}
	if n := e.srv.Shed(); n != 24 {
		t.Errorf("%d fetches told to retry later; want 24", n)
	}
	for _, c := range holders {
		_ = c.Close()
	}
	ok := 0
	for i, a := range e.storm(addr, path, 24) {
		switch {
		case a.err != nil:
			t.Errorf("fetch %d: %v; want an answer", i, a.err)
		case a.status == http.StatusOK:
			ok++
		case a.status != http.StatusServiceUnavailable || a.retryAfter == "":
			t.Errorf("fetch %d: %d, Retry-After %q; want 200, or 503 with a Retry-After", i, a.status, a.retryAfter)
		}
	}
	t.Logf("after the places came free: %d of 24 fetches served, the others told to retry later", ok)
	if ok <= 2 || refused != 0 {
		t.Errorf("%d of 24 fetches served, %d connections closed at accept; want more than the 2 places (some waited their turn) and none closed", ok, refused)
	}
}

// BenchmarkTurnedAwayConnection is the cost of telling a phone over the
// per-address cap to retry later: a new TLS connection (resumed after the
// first, as a phone's session cache does) that waits 1 ms for a place,
// gets 503 and is closed; compare BenchmarkNewTLSConnectionFetch, the
// same connection served its profile.
func BenchmarkTurnedAwayConnection(b *testing.B) {
	e := newEnv(b, 1000, func(o *provision.Options) { o.ConnWait, o.HeaderTimeout = time.Millisecond, time.Hour })
	p := "/" + key(e.device("yealink-t54w", "001565aabbcc", true)) + ".cfg"
	addr := e.serveCapped(1, 1<<20, func() {})
	holder, err := net.Dial("tcp", addr)
	e.must(err)
	defer holder.Close()
	e.url = "https://" + addr
	cfg := phoneTLS(e.pool)
	for b.Loop() {
		if _, status, err := e.fetchOnce(cfg, p); err != nil || status != http.StatusServiceUnavailable {
			b.Fatalf("fetch: %d, %v; want 503", status, err)
		}
	}
}
