package sip

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// TestBaresipRegisters runs the baresip soft phone against the registrar
// over UDP, with the default digest offer, and waits until its device
// shows online. baresip 1.0 (libre before SHA-256 support) gives up with
// ENOSYS when any challenge names an algorithm it lacks; the registrar
// knows that from its User-Agent and offers it MD5 alone.
func TestBaresipRegisters(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("bare1", "dev-bare", testRealm, "bare-pw", false)
	out := peers.StartBaresip(t, peers.BaresipAccount{User: "bare1", Domain: testRealm, AuthUser: "bare1", Password: "bare-pw", Registrar: ts.udp})
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := ts.Status("dev-bare")
		if st.Online {
			if !strings.Contains(strings.ToLower(st.UserAgent), "baresip") || st.IP != "127.0.0.1" || st.Transport != "UDP" {
				t.Fatalf("status of baresip: %+v", st)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("baresip did not register; its output:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
