// Package peers runs real SIP peers in tests: SIPp with a register
// scenario and the baresip soft phone, each on 127.0.0.1. A test whose
// peer is not installed is skipped, naming the Debian package to install.
package peers

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// need returns the path of the program bin, or skips t naming pkg. A skip
// only stops the test from the test's own goroutine.
func need(t testing.TB, bin, pkg, what string) string {
	t.Helper()
	path, err := exec.LookPath(bin)
	if err != nil {
		t.Skipf("%s is not installed (Debian package %s); skipping the %s test", bin, pkg, what)
	}
	return path
}

// NeedSIPp returns the path of sipp, or skips t when it is not installed.
// Call it from the test goroutine before running SIPp in another one.
func NeedSIPp(t testing.TB) string { return need(t, "sipp", "sip-tester", "SIPp") }

// SIPp is one run of a register scenario: REGISTER, 401, REGISTER with
// credentials, the expected final answer, then a pause in which SIPp
// (with -aa) answers a NOTIFY.
type SIPp struct {
	// Scenario is the scenario file; FINAL_CODE and PAUSE_MS in it are
	// replaced by Final and Pause.
	Scenario string
	// Registrar is the host:port of the registrar's UDP listener.
	Registrar string
	// User and Password are the account; the user is also the auth name.
	User, Password string
	Final          int
	Pause          time.Duration
}

// Run runs SIPp once and returns its message trace; it fails t when SIPp
// does not see the scenario through.
func (s SIPp) Run(t testing.TB) string {
	t.Helper()
	sipp := NeedSIPp(t)
	tmpl, err := os.ReadFile(s.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	scenario := filepath.Join(dir, "register.xml")
	text := strings.NewReplacer("FINAL_CODE", strconv.Itoa(s.Final), "PAUSE_MS", strconv.Itoa(int(s.Pause/time.Millisecond))).Replace(string(tmpl))
	if err := os.WriteFile(scenario, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	trace, errFile := filepath.Join(dir, "messages.log"), filepath.Join(dir, "errors.log")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sipp, s.Registrar, "-sf", scenario, "-i", "127.0.0.1", "-p", strconv.Itoa(FreePort(t)),
		"-s", s.User, "-au", s.User, "-ap", s.Password, "-m", "1", "-l", "1", "-aa", "-nostdin",
		"-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file", trace, "-trace_err", "-error_file", errFile)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	msgs, _ := os.ReadFile(trace)
	if err != nil {
		errs, _ := os.ReadFile(errFile)
		t.Fatalf("sipp failed: %v\n%s\nerrors:\n%s\nmessages:\n%s", err, lastLines(string(out), 20), errs, msgs)
	}
	return string(msgs)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// BaresipAccount is the one account baresip registers.
type BaresipAccount struct {
	// User and Domain make the address of record.
	User, Domain string
	// AuthUser and Password answer the digest challenge.
	AuthUser, Password string
	// Registrar is the host:port baresip sends everything to.
	Registrar string
	// AutoAnswer makes baresip answer incoming calls at once.
	AutoAnswer bool
}

// Baresip is a running baresip: Out holds what it printed, Command types
// a menu command (e.g. "/dial 202") on its standard input.
type Baresip struct {
	Out   *sbtest.Buffer
	stdin io.Writer
}

// Command types cmd and a newline on baresip's standard input.
func (b *Baresip) Command(cmd string) error {
	_, err := io.WriteString(b.stdin, cmd+"\n")
	return err
}

// StartBaresip starts baresip registering the account over UDP every 300
// seconds and stops it (q on its standard input, killed after three
// seconds) when t ends. What baresip prints is in the buffer returned.
func StartBaresip(t testing.TB, a BaresipAccount) *sbtest.Buffer {
	t.Helper()
	return StartBaresipPhone(t, a).Out
}

// StartBaresipPhone starts baresip as StartBaresip does, with its menu
// commands open for the test to place, answer and end calls.
func StartBaresipPhone(t testing.TB, a BaresipAccount) *Baresip {
	t.Helper()
	bin := need(t, "baresip", "baresip-core", "baresip")
	dir := t.TempDir()
	config := "module_path /usr/lib/baresip/modules\nmodule stdio.so\nmodule menu.so\nmodule g711.so\nmodule account.so\n" +
		"sip_listen 127.0.0.1:" + strconv.Itoa(FreePort(t)) + "\naudio_player none\naudio_source none\n"
	account := "<sip:" + a.User + "@" + a.Domain + ">;auth_user=" + a.AuthUser + ";auth_pass=" + a.Password +
		";outbound=\"sip:" + a.Registrar + "\";regint=300"
	if a.AutoAnswer {
		account += ";answermode=auto"
	}
	account += "\n"
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts"), []byte(account), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	cmd := exec.CommandContext(ctx, bin, "-f", dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	out := &sbtest.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer cancel()
		stdin.Write([]byte("q"))
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	return &Baresip{Out: out, stdin: stdin}
}

// FreePort finds a port free on 127.0.0.1 for UDP and TCP alike, with the
// next port free for TCP too: SIPp and baresip listen on UDP and TCP, and
// baresip puts TLS on the next port.
//
// The port is closed again before use, so only an external program that
// binds the port itself and takes no open socket (SIPp's -p, baresip's
// sip_listen) gets one this way; Switchboard's own servers in tests are
// handed listeners that are already open.
func FreePort(t testing.TB) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(port))
		next, nerr := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+1))
		l.Close()
		if err == nil {
			u.Close()
		}
		if nerr == nil {
			next.Close()
		}
		if err == nil && nerr == nil {
			return port
		}
	}
	t.Fatal("no port free for both UDP and TCP")
	return 0
}

// WaitUDP waits until a program has bound UDP port on 127.0.0.1, as the
// kernel lists it in /proc/net/udp, so a test sends its first request
// only once the peer listens; reading the list does not race the
// program's own bind as a probing bind would. It gives up after limit.
func WaitUDP(t testing.TB, port int, limit time.Duration) {
	t.Helper()
	want := fmt.Sprintf(" 0100007F:%04X ", port)
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		list, err := os.ReadFile("/proc/net/udp")
		if err != nil {
			time.Sleep(limit)
			return
		}
		if strings.Contains(string(list), want) {
			return
		}
	}
	t.Fatalf("nothing listens on UDP port %d after %s", port, limit)
}
