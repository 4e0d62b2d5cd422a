package provision_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// parseAnswers reads every answer in a raw byte stream, trusting each
// Content-Length as a client does; rest is what could not be read as an
// answer.
func parseAnswers(t *testing.T, stream []byte) (rs []*http.Response, bodies []string, rest string) {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(stream))
	for {
		if _, err := br.Peek(1); err != nil {
			return rs, bodies, ""
		}
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			left, _ := io.ReadAll(io.LimitReader(br, 200))
			return rs, bodies, "unreadable: " + string(left)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return rs, bodies, "unexpected end of a body: " + err.Error()
		}
		rs, bodies = append(rs, res), append(bodies, string(b))
	}
}

// TestOversizedRequestsAreAnsweredWellFormed sends a request the server
// refuses for its size, first or pipelined after a good one, followed by
// a good request: the refusal's Content-Length matches its body, it closes
// the connection, and nothing follows it.
func TestOversizedRequestsAreAnsweredWellFormed(t *testing.T) {
	e := newEnv(t, 1_000_000)
	d := e.device("yealink-t54w", "001565aabbcc", true)
	p := "/" + key(d) + ".cfg"
	long := get("/" + key(d) + "/" + strings.Repeat("a", 600) + ".cfg")
	fat := get(p, "X-Pad: "+strings.Repeat("p", 9000)+"\r\n")
	for _, c := range []struct {
		name, requests string
		want           []int
	}{
		{"414 first", long + get(p), []int{414}},
		{"414 pipelined", get(p) + long + get(p), []int{200, 414}},
		{"431 first", fat + get(p), []int{431}},
		{"431 pipelined", get(p) + fat + get(p), []int{200, 431}},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, br := e.rawConn()
			_, err := io.WriteString(conn, c.requests+get(p, "Connection: close\r\n"))
			e.must(err)
			stream, err := io.ReadAll(br)
			if err != nil {
				t.Fatalf("the server did not close the connection: %v", err)
			}
			rs, bodies, rest := parseAnswers(t, stream)
			var codes []int
			for _, r := range rs {
				codes = append(codes, r.StatusCode)
			}
			if rest != "" || len(codes) != len(c.want) {
				t.Fatalf("answers %v then %q, want %v and the connection closed", codes, rest, c.want)
			}
			last, body := rs[len(rs)-1], bodies[len(bodies)-1]
			if last.StatusCode != c.want[len(c.want)-1] || !last.Close || strings.HasPrefix(body, "HTTP/") {
				t.Errorf("refusal %d, closes %v, body %q", last.StatusCode, last.Close, body)
			}
		})
	}
}
