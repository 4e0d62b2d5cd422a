package provision_test

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/tlscert"
)

// phoneTLS is the TLS of a desk phone: TLS 1.2 or 1.3, X25519 and P-256
// offered, and a session cache for resuming when it fetches again.
func phoneTLS(pool *x509.CertPool) *tls.Config {
	return &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12,
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256}, ClientSessionCache: tls.NewLRUClientSessionCache(4)}
}

// fetchOnce fetches path over a new TLS connection with cfg, as a phone
// that closes the connection after its profile, and returns the
// connection's state and the answer's status.
func (e *env) fetchOnce(cfg *tls.Config, path string) (tls.ConnectionState, int, error) {
	c, err := tls.Dial("tcp", strings.TrimPrefix(e.url, "https://"), cfg)
	if err != nil {
		return tls.ConnectionState{}, 0, err
	}
	defer c.Close()
	if _, err := io.WriteString(c, get(path, "User-Agent: Yealink SIP-T54W 96.86.0.100\r\n", "Connection: close\r\n")); err != nil {
		return tls.ConnectionState{}, 0, err
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return tls.ConnectionState{}, 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	return c.ConnectionState(), res.StatusCode, err
}

// TestPhoneHandshakes connects as phones do: the key exchange is the one
// the phone offers, without a HelloRetryRequest round trip; a phone that
// fetches again resumes its session, over TLS 1.3 and TLS 1.2; a client
// that speaks TLS 1.1 at most is refused.
func TestPhoneHandshakes(t *testing.T) {
	e := newEnv(t, 1000)
	p := "/" + key(e.device("yealink-t54w", "001565aabbcc", true)) + ".cfg"
	for _, c := range []struct {
		name   string
		tune   func(*tls.Config)
		curve  tls.CurveID
		refuse bool
	}{
		{"X25519 and P-256", func(*tls.Config) {}, tls.X25519, false},
		{"P-256 only", func(c *tls.Config) { c.CurvePreferences = []tls.CurveID{tls.CurveP256} }, tls.CurveP256, false},
		{"post-quantum hybrid", func(c *tls.Config) { c.CurvePreferences = []tls.CurveID{tls.X25519MLKEM768, tls.X25519} }, tls.X25519MLKEM768, false},
		{"TLS 1.2", func(c *tls.Config) { c.MaxVersion = tls.VersionTLS12 }, tls.X25519, false},
		{"TLS 1.1", func(c *tls.Config) { c.MinVersion, c.MaxVersion = tls.VersionTLS10, tls.VersionTLS11 }, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := phoneTLS(e.pool)
			c.tune(cfg)
			for i, wantResumed := range []bool{false, true} {
				st, status, err := e.fetchOnce(cfg, p)
				if c.refuse {
					if err == nil {
						t.Fatalf("handshake with TLS %x succeeded, want refused", st.Version)
					}
					return
				}
				if err != nil || status != http.StatusOK {
					t.Fatalf("fetch %d: %d, %v", i+1, status, err)
				}
				if st.CurveID != c.curve || st.HelloRetryRequest || st.DidResume != wantResumed {
					t.Errorf("fetch %d: key exchange %v, retry %v, resumed %v; want %v, no retry, resumed %v",
						i+1, st.CurveID, st.HelloRetryRequest, st.DidResume, c.curve, wantResumed)
				}
			}
		})
	}
}

// BenchmarkNewTLSConnectionFetch fetches a profile over a new TLS
// connection each time, as a booting phone does, resuming the session of
// the previous fetch as wrk and re-fetching phones do. The client's work
// is in the profile too: -cpuprofile shows the server's part under
// (*Server).handle.
//
// The server asks for a client certificate, as serve does; the phone sends
// none. "no certificate asked" is the server that does not ask, for the
// cost of asking.
func BenchmarkNewTLSConnectionFetch(b *testing.B) {
	e := newEnv(b, 1000)
	p := "/" + key(e.device("yealink-t54w", "001565aabbcc", true)) + ".cfg"
	asked := e.url
	e.url = "https://" + e.serve(tlscert.ServerConfig(e.cert))
	for _, c := range []struct{ name, url string }{{"certificate asked", asked}, {"no certificate asked", e.url}} {
		b.Run(c.name, func(b *testing.B) {
			e.url = c.url
			b.RunParallel(func(pb *testing.PB) {
				cfg := phoneTLS(e.pool)
				for pb.Next() {
					if _, status, err := e.fetchOnce(cfg, p); err != nil || status != http.StatusOK {
						b.Errorf("fetch: %d, %v", status, err)
						return
					}
				}
			})
		})
	}
}
