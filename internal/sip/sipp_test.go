package sip

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runSIPp runs the register scenario against the server's UDP listener as
// user with password, expecting final as the answer to the authenticated
// REGISTER and staying reachable for pause. It returns the message trace.
func runSIPp(t *testing.T, ts *testServer, user, password string, final int, pause time.Duration, started chan<- struct{}) string {
	t.Helper()
	sipp := needSIPp(t)
	tmpl, err := os.ReadFile("testdata/sipp/register.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	scenario := filepath.Join(dir, "register.xml")
	text := strings.NewReplacer("FINAL_CODE", strconv.Itoa(final), "PAUSE_MS", strconv.Itoa(int(pause/time.Millisecond))).Replace(string(tmpl))
	if err := os.WriteFile(scenario, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	trace := filepath.Join(dir, "messages.log")
	host, port, _ := net.SplitHostPort(ts.udp)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sipp, host+":"+port, "-sf", scenario, "-i", "127.0.0.1", "-p", strconv.Itoa(freeUDPPort(t)),
		"-s", user, "-au", user, "-ap", password, "-m", "1", "-l", "1", "-aa", "-nostdin",
		"-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file", trace, "-trace_err", "-error_file", filepath.Join(dir, "errors.log"))
	cmd.Dir = dir
	if started != nil {
		close(started)
	}
	out, err := cmd.CombinedOutput()
	msgs, _ := os.ReadFile(trace)
	if err != nil {
		errs, _ := os.ReadFile(filepath.Join(dir, "errors.log"))
		t.Fatalf("sipp failed: %v\n%s\nerrors:\n%s\nmessages:\n%s", err, lastLines(string(out), 20), errs, msgs)
	}
	return string(msgs)
}

// needSIPp returns the path of sipp, or skips the test when it is not
// installed. Call it from the test goroutine: a skip from another goroutine
// does not stop the test.
func needSIPp(t *testing.T) string {
	t.Helper()
	sipp, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp is not installed (Debian package sip-tester); skipping the SIPp test")
	}
	return sipp
}

func freeUDPPort(t *testing.T) int {
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestSIPpRegistersWithDigest(t *testing.T) {
	ts := startServer(t, nil)
	ts.accounts.add("sipp1", "dev-sipp", testRealm, "sipp-secret", false)
	msgs := runSIPp(t, ts, "sipp1", "sipp-secret", 200, 0, nil)
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
	runSIPp(t, ts, "sipp2", "wrong-one", 401, 0, nil)
	if ts.Status("dev-sipp2").Online {
		t.Fatal("SIPp with a wrong password is online")
	}
}

func TestSIPpReceivesCheckSyncNotify(t *testing.T) {
	needSIPp(t)
	ts := startServer(t, nil)
	ts.accounts.add("sipp3", "dev-sipp3", testRealm, "pw3", false)
	done := make(chan string, 1)
	go func() { done <- runSIPp(t, ts, "sipp3", "pw3", 200, 3*time.Second, nil) }()
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
