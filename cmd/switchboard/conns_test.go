package main

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// dialRaw opens a TCP connection that the test closes at its end.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedWithin reports whether the server closes c within d.
func closedWithin(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// TestSlowClientsAreBounded runs serve with a short API idle timeout, a
// cap of three connections per address and a provisioning queue of one:
// an idle kept-alive API connection is closed after the timeout; a fourth
// connection from one address to the API is closed at once and counted,
// to the provisioning listener it waits in the queue, and a fifth there is
// closed at once and counted.
func TestSlowClientsAreBounded(t *testing.T) {
	const idle = 400 * time.Millisecond
	n := startNode(t, t.TempDir(), "--http-idle-timeout", idle.String(), "--max-conns-per-address", "3", "--prov-conn-queue", "1")
	defer n.stop()

	c := dialRaw(t, n.http)
	_, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: switchboard\r\n\r\n")
	if err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /healthz: %v", err)
	}
	if !closedWithin(c, 3*time.Second) {
		t.Errorf("an idle kept-alive API connection is still open after %v (idle timeout %v)", 3*time.Second, idle)
	}
	// The client of startNode holds an idle connection until the
	// server's idle timeout ends it.
	http.DefaultClient.CloseIdleConnections()
	time.Sleep(2 * idle)

	for _, l := range []struct {
		name, addr string
		open       int
	}{{"api", n.http, 3}, {"provisioning", n.ls.prov.Addr().String(), 4}} {
		var held []net.Conn
		for range l.open {
			held = append(held, dialRaw(t, l.addr))
		}
		if closedWithin(held[l.open-1], 300*time.Millisecond) {
			t.Errorf("%s: connection %d from one address was closed", l.name, l.open)
		}
		if !closedWithin(dialRaw(t, l.addr), 2*time.Second) {
			t.Errorf("%s: connection %d from one address stays open", l.name, l.open+1)
		}
		for _, h := range held {
			h.Close()
		}
	}
	time.Sleep(100 * time.Millisecond)
	res, err = http.Get("http://" + n.http + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	metrics, _ := io.ReadAll(res.Body)
	for _, want := range []string{`switchboard_connections_refused_total{listener="api"} 1`, `switchboard_connections_refused_total{listener="provisioning"} 1`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
