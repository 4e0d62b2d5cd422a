package provision_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// raw sends a request given as raw HTTP/1.1 text straight to the handler,
// so that paths no client would send reach it unchanged.
func (e *env) raw(requestLine string, headers ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	text := requestLine + "\r\nHost: prov.example.net\r\n" + strings.Join(headers, "") + "\r\n"
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(text)))
	rec := httptest.NewRecorder()
	if err != nil {
		// Not even HTTP: the real server answers 400 before the handler.
		rec.Code = http.StatusBadRequest
		return rec
	}
	req.RemoteAddr = "198.51.100.20:33000"
	e.srv.ServeHTTP(rec, req)
	return rec
}

// leaks reports whether a body carries any device's secrets.
func leaks(body string, ds ...*app.DeviceView) bool {
	for _, d := range ds {
		if strings.Contains(body, d.SIP.Username) || strings.Contains(body, d.SIP.Password) {
			return true
		}
	}
	return false
}

func TestHostileRequestsGetA4xx(t *testing.T) {
	e := newEnv(t, 1_000_000)
	a := e.device("yealink-t54w", "001565aabbcc", true)
	b := e.device("snom-d785", "000413aabbcc", false)
	ka, kb := key(a), key(b)
	for _, c := range []struct {
		name, line string
		headers    []string
		want       int
	}{
		{"traversal", "GET /../../etc/passwd HTTP/1.1", nil, 404},
		{"traversal after key", "GET /" + ka + "/../" + kb + ".cfg HTTP/1.1", nil, 404},
		{"encoded dots", "GET /" + ka + "/%2e%2e/" + kb + ".cfg HTTP/1.1", nil, 404},
		{"encoded slash", "GET /" + ka + "%2F001565aabbcc.cfg HTTP/1.1", nil, 404},
		{"encoded key", "GET /%" + ka[:2] + ka[2:] + ".cfg HTTP/1.1", nil, 404},
		{"dot file", "GET /" + ka + "/.htaccess HTTP/1.1", nil, 404},
		{"double slash", "GET //" + ka + ".cfg HTTP/1.1", nil, 404},
		{"key too short", "GET /" + ka[:47] + ".cfg HTTP/1.1", nil, 404},
		{"key too long", "GET /" + ka + "0.cfg HTTP/1.1", nil, 404},
		{"non-hex key", "GET /" + strings.Repeat("g", 48) + ".cfg HTTP/1.1", nil, 404},
		{"two keys", "GET /" + ka + "/" + kb + "/x.cfg HTTP/1.1", nil, 404},
		{"absolute URL", "GET https://evil.example/" + kb + ".cfg HTTP/1.1", nil, 200},
		{"oversized path", "GET /" + ka + "/" + strings.Repeat("a", 4000) + ".cfg HTTP/1.1", nil, 414},
		{"oversized header", "GET /" + ka + ".cfg HTTP/1.1", []string{"X-Pad: " + strings.Repeat("p", 9000) + "\r\n"}, 431},
		{"oversized user agent", "GET /" + ka + ".cfg HTTP/1.1", []string{"User-Agent: Yealink SIP-T54W " + strings.Repeat("9", 600) + "\r\n"}, 431},
		{"hostile user agent", "GET /" + unknownKey + ".cfg HTTP/1.1", []string{"User-Agent: Yealink SIP-%s%n%x 00:15:65:aa:bb:cc' OR 1=1 --\r\n"}, 404},
		{"binary user agent", "GET /" + unknownKey + ".cfg HTTP/1.1", []string{"User-Agent: \x01\x02\xff\xfe Yealink\r\n"}, 400},
		{"another vendor's agent on a key", "GET /" + ka + ".cfg HTTP/1.1", []string{"User-Agent: Mozilla/4.0 (compatible; snomD785-SIP 10.1.73.16 000413aabbcc)\r\n"}, 404},
		{"method", "TRACE /" + ka + ".cfg HTTP/1.1", nil, 405},
		{"query", "GET /" + ka + ".cfg?" + strings.Repeat("q", 100) + " HTTP/1.1", nil, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := e.raw(c.line, c.headers...)
			if rec.Code != c.want {
				t.Errorf("%d, want %d", rec.Code, c.want)
			}
			body := rec.Body.String()
			switch {
			case rec.Code == 200 && strings.Contains(c.line, kb) && leaks(body, a):
				t.Error("the answer carries device a's data for b's key")
			case rec.Code == 200 && strings.Contains(c.line, ka) && !strings.Contains(c.line, kb) && leaks(body, b):
				t.Error("the answer carries device b's data for a's key")
			case rec.Code != 200 && leaks(body, a, b):
				t.Error("a refusal carries device data")
			}
		})
	}
}

// FuzzServeHTTP sends arbitrary paths and User-Agents: the answer is never
// a 500 or a panic, and a 200 carries only the data of the device whose
// key the path names.
func FuzzServeHTTP(f *testing.F) {
	for _, s := range [][2]string{
		{"/0123456789abcdef0123456789abcdef0123456789abcdef.cfg", "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc"},
		{"/KEY_A.cfg", "Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc"},
		{"/KEY_A/001565aabbcc.cfg", ""},
		{"/KEY_A/y000000000123.cfg", "Yealink W70B"},
		{"/KEY_B/snomD785-000413AABBCC.htm", "Mozilla/4.0 (compatible; snomD785-SIP 10.1.73.16 000413aabbcc)"},
		{"/KEY_A/../KEY_B.cfg", "Mozilla/5.0"},
		{"/KEY_A/%2e%2e/x", "Grandstream GXP2135 1.0.11.16 00:0b:82:aa:bb:cc"},
		{"/", "PolycomVVX-VVX_450-UA/6.4.3.5018"},
	} {
		f.Add(s[0], s[1])
	}
	e := newEnv(f, 1_000_000)
	a := e.device("yealink-t54w", "001565aabbcc", true)
	b := e.device("snom-d785", "000413aabbcc", false)
	f.Fuzz(func(t *testing.T, path, userAgent string) {
		path = strings.NewReplacer("KEY_A", key(a), "KEY_B", key(b)).Replace(path)
		u, err := url.ParseRequestURI(path)
		if err != nil {
			return // net/http answers 400 before any handler runs
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL, req.RequestURI = u, path
		req.Header.Set("User-Agent", userAgent)
		req.RemoteAddr = "198.51.100.20:33000"
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q with %q: %d", path, userAgent, rec.Code)
		}
		if rec.Code == 200 {
			body := rec.Body.String()
			inA, inB := strings.Contains(path, key(a)), strings.Contains(path, key(b))
			if inA && inB || !inA && !inB || inA && leaks(body, b) || inB && leaks(body, a) {
				t.Fatalf("%q answered 200 with the wrong device's data", path)
			}
		}
	})
}
