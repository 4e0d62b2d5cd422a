package provision_test

import (
	"errors"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/provision"
)

// TestKeptAliveConnectionsAreBoundedInTime holds a kept-alive connection
// open after a first answer: a second request that never ends, sent at
// once or trickled a byte at a time, is cut off after the header timeout;
// an idle connection outlives the header timeout and is closed after the
// idle timeout.
func TestKeptAliveConnectionsAreBoundedInTime(t *testing.T) {
	const header, idle = 300 * time.Millisecond, 2 * time.Second
	e := newEnv(t, 1000, func(o *provision.Options) { o.HeaderTimeout, o.IdleTimeout = header, idle })
	d := e.device("yealink-t54w", "001565aabbcc", true)
	p := "/" + key(d) + ".cfg"
	partial := "GET " + p + " HTTP/1.1\r\nHost: prov\r\nUser-Agent: slow"
	for _, c := range []struct {
		name     string
		send     func(w io.Writer)
		min, max time.Duration
	}{
		{"partial request", func(w io.Writer) { _, _ = io.WriteString(w, partial) }, header - 100*time.Millisecond, idle - 300*time.Millisecond},
		{"trickled request", func(w io.Writer) {
			for i := range 30 {
				if _, err := io.WriteString(w, partial[i:i+1]); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}, header - 100*time.Millisecond, idle - 300*time.Millisecond},
		{"idle", func(io.Writer) {}, idle - 100*time.Millisecond, idle + 2*time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, br := e.rawConn()
			_ = conn.SetDeadline(time.Now().Add(6 * time.Second))
			_, err := io.WriteString(conn, get(p))
			e.must(err)
			if res, err := http.ReadResponse(br, nil); err != nil || res.StatusCode != 200 {
				t.Fatalf("first answer: %v", err)
			} else {
				_, _ = io.Copy(io.Discard, res.Body)
			}
			start := time.Now()
			go c.send(conn)
			n, err := io.Copy(io.Discard, br)
			took := time.Since(start)
			// A close while bytes of the trickle are still unread is
			// a reset: closed all the same.
			if err != nil && !errors.Is(err, syscall.ECONNRESET) || n != 0 || took < c.min || took > c.max {
				t.Errorf("closed after %v (read %d bytes, %v), want between %v and %v", took, n, err, c.min, c.max)
			}
		})
	}
	t.Run("idle beyond the header timeout", func(t *testing.T) {
		conn, br := e.rawConn()
		_, err := io.WriteString(conn, get(p))
		e.must(err)
		_, _ = br.Peek(1)
		time.Sleep(2 * header)
		_, err = io.WriteString(conn, get(p, "Connection: close\r\n"))
		e.must(err)
		if rs := readAll(t, br); len(rs) != 2 || rs[1].StatusCode != 200 {
			t.Errorf("%d answers, want the second request answered 200 after a pause", len(rs))
		}
	})
}
