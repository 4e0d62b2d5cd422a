package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/bench"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/sip/siptest"
)

// sipSockets opens the UDP and TCP sockets of one SIP port on loopback,
// as a service manager hands them to serve under the name "sip".
func sipSockets(t *testing.T) ([]bench.Socket, string) {
	t.Helper()
	for range 20 {
		udp, addr := sbtest.SocketFile(t, "udp")
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			continue
		}
		f, err := ln.(*net.TCPListener).File()
		ln.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return []bench.Socket{{Name: "sip", File: udp}, {Name: "sip", File: f}}, addr
	}
	t.Fatal("no loopback port free for both UDP and TCP")
	return nil, ""
}

// startChildNode runs serve as a process of its own on sockets opened
// here, so the test can kill it as a crash would; it returns the process
// and its API and SIP addresses once it answers.
func startChildNode(t *testing.T, data string, args ...string) (*bench.Process, string, string) {
	t.Helper()
	httpFile, httpAddr := sbtest.SocketFile(t, "tcp")
	provFile, _ := sbtest.SocketFile(t, "tcp")
	sipSocks, sipAddr := sipSockets(t)
	socks := append([]bench.Socket{{Name: "http", File: httpFile}, {Name: "prov", File: provFile}}, sipSocks...)
	t.Setenv(childEnv, "1")
	logFile := filepath.Join(t.TempDir(), "node.log")
	p, _, err := bench.StartWithSockets(os.Args[0], logFile, socks,
		append([]string{"serve", "--data", data, "--public-host", "127.0.0.1", "--sip-tls", "", "--log-level", "warn"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	if err := waitHealthy(t.Context(), "http://"+httpAddr+"/healthz", p.Exited()); err != nil {
		log, _ := os.ReadFile(logFile)
		t.Fatalf("the node did not come up: %v\n%s", err, log)
	}
	return p, httpAddr, sipAddr
}

// TestFailoverToSecondNode runs two nodes on one PostgreSQL: a phone
// registers on node A, A is killed (SIGKILL, no goodbye), an administrator
// resets the phone through node B meanwhile, and the phone's next REGISTER
// goes to B, as a DNS SRV or outbound-proxy failover would send it. B
// accepts it, the status follows the phone to its new address, and the
// reset sent during A's absence reaches the phone through B.
func TestFailoverToSecondNode(t *testing.T) {
	db := pgtest.URL(t)
	data := t.TempDir()
	b := startNode(t, data, "--db", db)
	defer b.stop()
	a, _, aSIP := startChildNode(t, data, "--db", db)
	api := newAPIClient(t, b.http, data)
	acc := api.newDevice(false)

	onA := siptest.Dial(t, "UDP", aSIP)
	if code, reason := onA.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER on node A: %d %s", code, reason)
	}
	if st := api.waitState(acc.device, "online"); !strings.Contains(st["contact"].(string), sipPort(onA.Local())) {
		t.Fatalf("status through B before the failover: %v", st)
	}

	if err := syscall.Kill(a.Pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-a.Exited()
	api.call(200, "POST", "/devices/"+acc.device+"/reset", nil)
	if d := api.call(200, "GET", "/devices/"+acc.device, nil); d["pending_action"] != "reset" {
		t.Fatalf("reset while node A is down: pending action %v, want reset", d["pending_action"])
	}

	onB := siptest.Dial(t, "UDP", b.sip)
	if code, reason := onB.Register(acc.username, acc.domain, acc.password, 300); code != 200 {
		t.Fatalf("REGISTER on node B after A died: %d %s", code, reason)
	}
	if ev := onB.WaitNotify(15 * time.Second).Headers.Get("Event"); ev != "check-sync;reboot=true" {
		t.Errorf("the reset reached the phone on B as Event %q, want check-sync;reboot=true", ev)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := api.status(acc.device)
		if st["state"] == "online" && strings.Contains(st["contact"].(string), sipPort(onB.Local())) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status after the failover still %v, want the phone's address on B (%s)", st, onB.Local())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sipPort is ":<port>" of a host:port, as it shows in a Contact.
func sipPort(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return ":" + port
}
