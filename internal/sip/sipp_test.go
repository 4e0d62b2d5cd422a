package sip

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// runSIPp runs the register scenario against the server's UDP listener as
// user with password, expecting final as the answer to the authenticated
// REGISTER and staying reachable for pause. It returns the message trace.
func runSIPp(t *testing.T, ts *testServer, user, password string, final int, pause time.Duration) string {
	t.Helper()
	return peers.SIPp{Scenario: "testdata/sipp/register.xml", Registrar: ts.udp, User: user, Password: password,
		Final: final, Pause: pause}.Run(t)
}

func TestSIPpRegistersWithDigest(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("sipp1", "dev-sipp", testRealm, "sipp-secret", false)
	msgs := runSIPp(t, ts, "sipp1", "sipp-secret", 200, 0)
	if !strings.Contains(msgs, "SIP/2.0 401") || !strings.Contains(msgs, "SIP/2.0 200") {
		t.Fatalf("expected 401 then 200 in the trace:\n%s", msgs)
	}
	if st := ts.Status("dev-sipp"); !st.Online || st.UserAgent != "SIPp test phone" {
		t.Fatalf("status after SIPp registered: %+v", st)
	}
}

func TestSIPpWrongPasswordRefused(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("sipp2", "dev-sipp2", testRealm, "right-one", false)
	runSIPp(t, ts, "sipp2", "wrong-one", 401, 0)
	if ts.Status("dev-sipp2").Online {
		t.Fatal("SIPp with a wrong password is online")
	}
}

func TestSIPpReceivesCheckSyncNotify(t *testing.T) {
	peers.NeedSIPp(t)
	ts := startServer(t, nil)
	ts.accounts.add("sipp3", "dev-sipp3", testRealm, "pw3", false)
	done := make(chan string, 1)
	go func() { done <- runSIPp(t, ts, "sipp3", "pw3", 200, 3*time.Second) }()
	deadline := time.Now().Add(10 * time.Second)
	for !ts.Status("dev-sipp3").Online {
		if time.Now().After(deadline) {
			t.Fatal("SIPp did not register")
		}
		time.Sleep(50 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := ts.Notify(ctx, "dev-sipp3", "check-sync", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].State != OutcomeAnswered || out[0].Code != 200 {
		t.Fatalf("outcomes %+v", out)
	}
	msgs := <-done
	if !strings.Contains(msgs, "NOTIFY sip:sipp3@") || !strings.Contains(msgs, "Event: check-sync;reboot=true") {
		t.Fatalf("SIPp did not receive the check-sync NOTIFY:\n%s", msgs)
	}
}
