package provision_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// rawConn opens a plain TCP connection to the server on a plain listener,
// to send bytes no HTTP client would.
func (e *env) rawConn() (net.Conn, *bufio.Reader) {
	e.t.Helper()
	c, err := net.Dial("tcp", e.serve(nil))
	e.must(err)
	e.t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	return c, bufio.NewReader(c)
}

// readAll reads answers until the server closes the connection; heads
// lists the answers (from 0) that belong to HEAD requests.
func readAll(t *testing.T, br *bufio.Reader, heads ...int) []*http.Response {
	t.Helper()
	var out []*http.Response
	for {
		var req *http.Request
		if slices.Contains(heads, len(out)) {
			req = &http.Request{Method: http.MethodHead}
		}
		res, err := http.ReadResponse(br, req)
		if err != nil {
			return out
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		out = append(out, res)
	}
}

func get(path string, headers ...string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: prov\r\n" + strings.Join(headers, "") + "\r\n"
}

func TestPersistentConnectionServesPipelinedRequests(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	c, br := e.rawConn()
	p := "/" + key(d) + ".cfg"
	_, err := io.WriteString(c, get(p)+get("/"+unknownKey+".cfg")+get(p, "If-None-Match: *\r\n")+
		"HEAD "+p+" HTTP/1.1\r\nHost: prov\r\n\r\n"+get(p, "Connection: close\r\n"))
	e.must(err)
	rs := readAll(t, br, 3)
	want := []int{200, 404, 304, 200, 200}
	if len(rs) != len(want) {
		t.Fatalf("%d answers, want %d", len(rs), len(want))
	}
	for i, r := range rs {
		if r.StatusCode != want[i] {
			t.Errorf("answer %d: %d, want %d", i+1, r.StatusCode, want[i])
		}
		if r.Header.Get("Date") == "" {
			t.Errorf("answer %d has no Date", i+1)
		}
	}
	if rs[0].ContentLength <= 0 || rs[3].ContentLength != rs[0].ContentLength || !rs[4].Close {
		t.Errorf("lengths %d/%d, last closes %v", rs[0].ContentLength, rs[3].ContentLength, rs[4].Close)
	}
}

func TestPersistentConnectionEndsOnBadInput(t *testing.T) {
	e := newEnv(t, 1000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	p := "/" + key(d) + ".cfg"
	for _, c := range []struct {
		name, second string
		want         int
	}{
		{"garbage", "HELLO THERE\r\n\r\n", http.StatusBadRequest},
		{"huge header", get(p, "X-Pad: "+strings.Repeat("x", 20000)+"\r\n"), http.StatusRequestHeaderFieldsTooLarge},
		{"body", "GET " + p + " HTTP/1.1\r\nHost: prov\r\nContent-Length: 5\r\n\r\nhello" + get(p), http.StatusOK},
		{"HTTP/1.0", "GET " + p + " HTTP/1.0\r\n\r\n" + get(p), http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, br := e.rawConn()
			_, err := io.WriteString(conn, get(p)+c.second)
			e.must(err)
			rs := readAll(t, br)
			if len(rs) != 2 || rs[0].StatusCode != 200 || rs[1].StatusCode != c.want {
				codes := []int{}
				for _, r := range rs {
					codes = append(codes, r.StatusCode)
				}
				t.Errorf("answers %v, want [200 %d] and the connection closed", codes, c.want)
			}
		})
	}
}

// FuzzPersistentConnection sends a good request followed by arbitrary
// bytes on one connection: the server answers without a 5xx and without
// crashing, and closes or keeps the connection as HTTP says.
func FuzzPersistentConnection(f *testing.F) {
	for _, s := range []string{
		get("/KEY.cfg"),
		"GET /KEY.cfg HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET /KEY/../x HTTP/1.1\r\n\r\n",
		"\x00\x01\x02",
		"GET /" + strings.Repeat("a", 600) + " HTTP/1.1\r\n\r\n",
	} {
		f.Add(s)
	}
	e := newEnv(f, 1_000_000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	addr := e.serve(nil)
	f.Fuzz(func(t *testing.T, tail string) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		tail = strings.ReplaceAll(tail, "KEY", key(d))
		go func() {
			_, _ = io.WriteString(c, get("/"+key(d)+".cfg")+tail)
			_ = c.(*net.TCPConn).CloseWrite()
		}()
		rs := readAll(t, bufio.NewReader(c))
		if len(rs) == 0 || rs[0].StatusCode != http.StatusOK {
			t.Fatalf("the good first request was not answered 200")
		}
		for _, r := range rs {
			if r.StatusCode >= 500 {
				t.Fatalf("answer %d", r.StatusCode)
			}
		}
	})
}
