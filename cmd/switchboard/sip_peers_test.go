package main

import (
	"bytes"
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

// sippScenario is the registrar package's SIPp phone: REGISTER, 401,
// REGISTER with credentials, the expected final answer, then a pause in
// which -aa answers a NOTIFY. Its domain is acme.example, the SIP domain
// newDevice gives the customer.
const sippScenario = "../../internal/sip/testdata/sipp/register.xml"

// runServeSIPp runs SIPp against serve's UDP listener and returns its
// message trace.
func runServeSIPp(t *testing.T, sipAddr, user, password string, final int, pause time.Duration) string {
	t.Helper()
	sipp, err := exec.LookPath("sipp")
	if err != nil {
		t.Skip("sipp is not installed (Debian package sip-tester); skipping the SIPp test")
	}
	tmpl, err := os.ReadFile(sippScenario)
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
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sipp, sipAddr, "-sf", scenario, "-i", "127.0.0.1", "-p", strconv.Itoa(freePort(t)),
		"-s", user, "-au", user, "-ap", password, "-m", "1", "-l", "1", "-aa", "-nostdin",
		"-timeout", "20s", "-timeout_error", "-trace_msg", "-message_file", trace)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	msgs, _ := os.ReadFile(trace)
	if err != nil {
		t.Fatalf("sipp failed: %v\n%s\nmessages:\n%s", err, out, msgs)
	}
	return string(msgs)
}

// freePort finds a port free for UDP and TCP alike, with the next port
// free for TCP too (SIPp and baresip listen on UDP and TCP, and baresip
// puts TLS on the next port). The port is closed again before use: it is
// handed to an external program (SIPp's -p, baresip's sip_listen), which
// binds it itself and takes no open socket. Switchboard's own sockets are
// handed over open (startNode).
func freePort(t *testing.T) int {
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

// TestServeSIPp registers SIPp through serve with a SIP account created
// through the API: refused with a wrong password, 401 then 200 with the
// right one, and the check-sync NOTIFY after POST /devices/{id}/reset.
func TestServeSIPp(t *testing.T) {
	if _, err := exec.LookPath("sipp"); err != nil {
		t.Skip("sipp is not installed (Debian package sip-tester); skipping the SIPp test")
	}
	data := t.TempDir()
	n := startNode(t, data)
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)

	runServeSIPp(t, n.sip, acc.username, "not-the-password", 401, 0)
	if st := api.status(acc.device); st["state"] != "offline" {
		t.Fatalf("SIPp with a wrong password shows %v", st)
	}

	done := make(chan string, 1)
	go func() { done <- runServeSIPp(t, n.sip, acc.username, acc.password, 200, 4*time.Second) }()
	st := api.waitState(acc.device, "online")
	if st["user_agent"] != "SIPp test phone" {
		t.Errorf("status: %v", st)
	}
	res := api.call(200, "POST", "/devices/"+acc.device+"/reset", nil)
	msgs := <-done
	if !strings.Contains(msgs, "SIP/2.0 401") || !strings.Contains(msgs, "SIP/2.0 200") {
		t.Errorf("no 401 then 200 in SIPp's trace:\n%s", msgs)
	}
	if !strings.Contains(msgs, "NOTIFY sip:"+acc.username+"@") || !strings.Contains(msgs, "Event: check-sync;reboot=true") {
		t.Errorf("SIPp did not receive the check-sync NOTIFY:\n%s", msgs)
	}
	if bs, _ := res["bindings"].([]any); len(bs) != 1 || bs[0].(map[string]any)["code"] != float64(200) {
		t.Errorf("reset result %v, want SIPp's 200 for its one binding", res)
	}
}

// TestServeBaresip registers baresip with the account GET
// /devices/{id}/sip-account gives and sees it online. baresip 1.0 knows
// only MD5 digest, so serve offers MD5 alone (--sip-digest md5).
func TestServeBaresip(t *testing.T) {
	bin, err := exec.LookPath("baresip")
	if err != nil {
		t.Skip("baresip is not installed (Debian package baresip-core); skipping the baresip test")
	}
	data := t.TempDir()
	n := startNode(t, data, "--sip-digest", "md5")
	defer n.stop()
	api := newAPIClient(t, n.http, data)
	acc := api.newDevice(false)
	view := api.call(200, "GET", "/devices/"+acc.device+"/sip-account", nil)

	dir := t.TempDir()
	config := "module_path /usr/lib/baresip/modules\nmodule stdio.so\nmodule g711.so\nmodule account.so\n" +
		"sip_listen 127.0.0.1:" + strconv.Itoa(freePort(t)) + "\naudio_player none\naudio_source none\n"
	account := "<sip:" + view["username"].(string) + "@" + view["domain"].(string) + ">;auth_user=" + view["auth_name"].(string) +
		";auth_pass=" + view["password"].(string) + ";outbound=\"sip:" + n.sip + "\";regint=300\n"
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts"), []byte(account), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-f", dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
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
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := api.status(acc.device)
		if st["state"] == "online" {
			if ua, _ := st["user_agent"].(string); !strings.Contains(strings.ToLower(ua), "baresip") || st["ip"] != "127.0.0.1" {
				t.Fatalf("status of baresip: %v", st)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("baresip did not register; its output:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
