package provision_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net/http"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/provision"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// zeroTouchStores runs a test on SQLite and, when there is a test server,
// on PostgreSQL.
func zeroTouchStores(t *testing.T, run func(t *testing.T, open stores.Opener)) {
	t.Run("sqlite", func(t *testing.T) { run(t, stores.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { run(t, stores.Postgres(t)) })
}

// zeroTouch wires the use cases to the shared URLs; with ca, the CA's
// certificates are the Yealink trust anchors.
func zeroTouch(ca *sbtest.ClientCA) func(*provision.Options) {
	return func(o *provision.Options) {
		o.ZeroTouch = o.Source.(provision.ZeroTouch)
		if ca != nil {
			o.VendorCAs = map[string]*x509.CertPool{"yealink": ca.Pool()}
		}
	}
}

// login fetches path at the login URL as a phone does: once without
// credentials, then with the answer to the challenge (algorithm picks
// which of the offered ones). It returns the answer and the credentials
// sent, for replays.
func (e *env) login(path, ua, remote, user, password, algorithm string) (reply, string) {
	e.t.Helper()
	r := e.get(path, ua, remote)
	if r.status != http.StatusUnauthorized {
		e.t.Fatalf("GET %s without credentials: %d, want 401", path, r.status)
	}
	var ch *digest.Challenge
	for _, v := range r.header.Values("Www-Authenticate") {
		if c, err := digest.ParseChallenge(v); err == nil && strings.EqualFold(c.Algorithm, algorithm) {
			ch = c
		}
	}
	if ch == nil {
		e.t.Fatalf("no %s challenge among %q", algorithm, r.header.Values("Www-Authenticate"))
	}
	auth := digest.Answer(ch, http.MethodGet, path, user, password, 1, "0a4f113b").String()
	return e.get(path, ua, remote, "Authorization", auth), auth
}

// blocked reports whether remote is refused for too many misses now.
func (e *env) blocked(remote string) bool {
	return e.get("/ztp/", "", remote).status == http.StatusTooManyRequests
}

// securityDetails lists the details of the security events written so far.
func (e *env) securityDetails() []string {
	e.t.Helper()
	e.must(e.srv.Flush(context.Background()))
	evs, _, err := e.svc.Events(context.Background(), switchboard.System, switchboard.EventSecurity, switchboard.Page{Limit: 100})
	e.must(err)
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Detail)
	}
	return out
}

func TestInitialLogin(t *testing.T) {
	zeroTouchStores(t, func(t *testing.T, open stores.Opener) {
		e := newEnvOn(t, open, 1, zeroTouch(nil))
		ctx := context.Background()
		d := e.device("yealink-t54w", "", true)
		il, err := e.svc.InitialLogin(ctx, switchboard.System, d.ID)
		e.must(err)
		if il.ServerURL != provURL+"/login/" || il.Used {
			t.Fatalf("initial login view before use: %+v", il)
		}
		const ua, first, second = "Yealink SIP-T54W 96.86.0.70", "001565aabbcc", "001565ddeeff"

		r, auth := e.login("/login/"+first+".cfg", ua, "198.51.100.1:1000", il.Username, il.Password, digest.MD5)
		if r.status != http.StatusOK || !strings.Contains(r.body, "static.auto_provision.server.url = "+d.ProvisioningURL) {
			t.Fatalf("first phone: %d %q, want the bootstrap to %s", r.status, r.body, d.ProvisioningURL)
		}
		il, err = e.svc.InitialLogin(ctx, switchboard.System, d.ID)
		e.must(err)
		got, err := e.svc.Device(ctx, switchboard.System, d.ID)
		e.must(err)
		if !il.Used || got.MAC != first {
			t.Errorf("after the first phone: used %v, MAC %q; want used and bound to %s", il.Used, got.MAC, first)
		}

		if r := e.get("/login/"+first+".cfg", ua, "198.51.100.2:1000", "Authorization", auth); r.status != http.StatusUnauthorized {
			t.Errorf("replayed answer: %d, want 401", r.status)
		}
		if !e.blocked("198.51.100.2:1000") {
			t.Error("a replayed answer is not counted as a miss")
		}

		r, _ = e.login("/login/"+second+".cfg", ua, "198.51.100.3:1000", il.Username, il.Password, digest.SHA256)
		if r.status != http.StatusUnauthorized {
			t.Errorf("same login from another MAC: %d, want 401", r.status)
		}
		if e.blocked("198.51.100.3:1000") {
			t.Error("the reused login counted as a guessed key")
		}
		want := "initial login reused by MAC " + second + ", bound to " + first
		if details := e.securityDetails(); !strings.Contains(strings.Join(details, "\n"), want) {
			t.Errorf("security events %q lack %q", details, want)
		}

		r, _ = e.login("/login/"+first+".cfg", ua, "198.51.100.4:1000", il.Username, "0000000000", digest.MD5)
		if r.status != http.StatusUnauthorized || !e.blocked("198.51.100.4:1000") {
			t.Errorf("wrong password: %d, blocked after it %v; want 401 and a miss", r.status, e.blocked("198.51.100.4:1000"))
		}

		r, _ = e.login("/login/"+first+".cfg", ua, "198.51.100.5:1000", il.Username, il.Password, digest.SHA256)
		if r.status != http.StatusOK || !strings.Contains(r.body, d.ProvisioningURL) {
			t.Errorf("the same phone after a reset: %d %q", r.status, r.body)
		}
		if r, _ := e.login("/login/y000000000096.cfg", ua, "198.51.100.6:1000", il.Username, il.Password, digest.MD5); r.status != http.StatusNotFound || e.blocked("198.51.100.6:1000") {
			t.Errorf("the common file at the login URL: %d; want 404 without a miss", r.status)
		}
	})
}

func TestMACProvisioning(t *testing.T) {
	zeroTouchStores(t, func(t *testing.T, open stores.Opener) {
		ca := sbtest.NewClientCA(t)
		e := newEnvOn(t, open, 1, zeroTouch(ca))
		ctx := context.Background()
		const mac = "001565112233"
		d, err := e.svc.CreateDevice(ctx, switchboard.System, e.cust.ID, e.wp.ID, app.DeviceInput{Model: "yealink-t54w", MAC: mac, MACProvisioning: switchboard.MACOnce})
		e.must(err)
		state := func() switchboard.MACProvisioning {
			got, err := e.svc.Device(ctx, switchboard.System, d.ID)
			e.must(err)
			return got.MACProvisioning
		}
		path, ua := "/ztp/"+mac+".cfg", "Yealink SIP-T54W 96.86.0.70"

		if r := e.get("/ztp/y000000000096.cfg", ua+" "+mac, "198.51.100.9:1000"); r.status != http.StatusNotFound || e.blocked("198.51.100.9:1000") || state() != switchboard.MACOnce {
			t.Errorf("common file: %d, state %s; want 404 without a miss, still once", r.status, state())
		}

		// A certificate of the vendor's CA naming another MAC is refused;
		// one naming the phone's MAC is taken.
		other := e.certClient(ca.Issue(t, pkix.Name{CommonName: "Yealink 00:15:65:44:55:66"}))
		if r := e.getWith(other, path, ua, "198.51.100.10:1000"); r.status != http.StatusNotFound || state() != switchboard.MACOnce {
			t.Errorf("certificate naming another MAC: %d, state %s; want 404, still once", r.status, state())
		}
		own := e.certClient(ca.Issue(t, pkix.Name{CommonName: mac}))

		for i, want := range []int{http.StatusOK, http.StatusNotFound} {
			remote := fmt.Sprintf("198.51.100.%d:1000", 20+i)
			r := e.getWith(own, path, ua, remote)
			if r.status != want {
				t.Errorf("fetch %d: %d, want %d", i+1, r.status, want)
			}
			if want == http.StatusOK && !strings.Contains(r.body, "static.auto_provision.server.url = "+d.ProvisioningURL) {
				t.Errorf("bootstrap %q does not move the phone to %s", r.body, d.ProvisioningURL)
			}
			if want == http.StatusNotFound && !e.blocked(remote) {
				t.Error("the fetch after done is not counted as a miss")
			}
		}
		if state() != switchboard.MACDone {
			t.Errorf("after the bootstrap: %s, want done", state())
		}
		if r := e.get("/ztp/001565999999.cfg", ua, "198.51.100.30:1000"); r.status != http.StatusNotFound || !e.blocked("198.51.100.30:1000") {
			t.Errorf("unknown MAC: %d; want 404 and a miss", r.status)
		}

		once := switchboard.MACOnce
		_, err = e.svc.UpdateDevice(ctx, switchboard.System, d.ID, app.DevicePatch{MACProvisioning: &once})
		e.must(err)
		if r := e.get(path, ua, "198.51.100.31:1000"); r.status != http.StatusOK || state() != switchboard.MACDone {
			t.Errorf("after re-arming: %d, state %s; want the bootstrap and done", r.status, state())
		}
	})
}

// certClient is a client presenting cert in the handshake.
func (e *env) certClient(cert tls.Certificate) *http.Client {
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: e.pool, Certificates: []tls.Certificate{cert}}}}
	e.t.Cleanup(c.CloseIdleConnections)
	return c
}

// getWith is get through client c.
func (e *env) getWith(c *http.Client, path, ua, remote string) reply {
	saved := e.client
	defer func() { e.client = saved }()
	e.client = c
	return e.get(path, ua, remote)
}
