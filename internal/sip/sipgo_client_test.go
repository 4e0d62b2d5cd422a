package sip

import (
	"context"
	"crypto/tls"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// TestSipgoClientRegisters registers with sipgo's own client (its digest
// comes from github.com/icholy/digest, an independent implementation)
// over UDP, TCP, TLS and WSS, with the default challenges (MD5 first) and with
// SHA-256 only, and checks transport and encryption in status.
func TestSipgoClientRegisters(t *testing.T) {
	for name, algs := range map[string][]string{"default": nil, "sha256-only": {digest.SHA256}} {
		t.Run(name, func(t *testing.T) { testSipgoClient(t, algs) })
	}
}

func testSipgoClient(t *testing.T, algorithms []string) {
	ts := startServer(t, func(o *Options) { o.Algorithms = algorithms })
	for _, tc := range []struct {
		transport, addr string
		encryption      bool
	}{
		{"UDP", ts.udp, false},
		{"TCP", ts.tcp, false},
		{"TLS", ts.tls, true},
		{"WSS", ts.wss, true},
	} {
		t.Run(tc.transport, func(t *testing.T) {
			user := "sipgo" + tc.transport
			device := "dev-" + tc.transport
			ts.accounts.add(user, device, testRealm, "pw-"+tc.transport, tc.encryption)
			ua, err := sipgo.NewUA(sipgo.WithUserAgent(user), sipgo.WithUserAgentHostname("127.0.0.1"),
				sipgo.WithUserAgenTLSConfig(&tls.Config{InsecureSkipVerify: true}))
			if err != nil {
				t.Fatal(err)
			}
			defer ua.Close()
			cl, err := sipgo.NewClient(ua, sipgo.WithClientHostname("127.0.0.1"))
			if err != nil {
				t.Fatal(err)
			}
			host, portStr, _ := net.SplitHostPort(tc.addr)
			port, _ := strconv.Atoi(portStr)
			req := sip.NewRequest(sip.REGISTER, sip.Uri{Scheme: "sip", Host: host, Port: port})
			req.SetTransport(tc.transport)
			aor := sip.Uri{Scheme: "sip", User: user, Host: testRealm}
			req.AppendHeader(&sip.ToHeader{Address: aor})
			from := &sip.FromHeader{Address: aor, Params: sip.NewParams()}
			from.Params.Add("tag", sip.GenerateTagN(8))
			req.AppendHeader(from)
			req.AppendHeader(&sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: user, Host: "127.0.0.1", Port: 5099}})
			req.AppendHeader(sip.NewHeader("Expires", "120"))
			req.AppendHeader(sip.NewHeader("User-Agent", "sipgo-test"))

			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			res, err := cl.Do(ctx, req, sipgo.ClientRequestRegisterBuild)
			if err != nil {
				t.Fatal(err)
			}
			wantCode(t, res, 401)
			res, err = cl.DoDigestAuth(ctx, req, res, sipgo.DigestAuth{Username: user, Password: "pw-" + tc.transport})
			if err != nil {
				t.Fatal(err)
			}
			wantCode(t, res, 200)
			st := ts.Status(device)
			if !st.Online || st.Transport != tc.transport || st.Encrypted != tc.encryption || st.UserAgent != "sipgo-test" {
				t.Fatalf("status %+v", st)
			}
			select {
			case e := <-ts.status:
				if e.DeviceID != device || !e.Status.Online {
					t.Fatalf("status event %+v", e)
				}
			case <-time.After(2 * time.Second):
				t.Fatal("no status event for the new registration")
			}
		})
	}
}
