package sip

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

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// TestBaresipRegisters runs the baresip soft phone against the registrar
// over UDP and waits until its device shows online. baresip 1.0 (libre
// before SHA-256 support) gives up with ENOSYS when any challenge names
// an algorithm it lacks, so this registrar is configured to offer MD5 only,
// as an operator with such clients would.
func TestBaresipRegisters(t *testing.T) {
	bin, err := exec.LookPath("baresip")
	if err != nil {
		t.Skip("baresip is not installed (Debian package baresip-core); skipping the baresip test")
	}
	ts := startServer(t, func(o *Options) { o.Algorithms = []string{digest.MD5} })
	ts.accounts.add("bare1", "dev-bare", testRealm, "bare-pw", false)
	dir := t.TempDir()
	config := "module_path /usr/lib/baresip/modules\nmodule stdio.so\nmodule g711.so\nmodule account.so\n" +
		"sip_listen 127.0.0.1:" + strconv.Itoa(freeUDPAndTCPPort(t)) + "\naudio_player none\naudio_source none\n"
	account := "<sip:bare1@" + testRealm + ">;auth_user=bare1;auth_pass=bare-pw;outbound=\"sip:" + ts.udp + "\";regint=300\n"
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

// freeUDPAndTCPPort finds a port free for UDP and TCP alike, since baresip
// listens on both.
func freeUDPAndTCPPort(t *testing.T) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(port))
		l.Close()
		if err == nil {
			u.Close()
			return port
		}
	}
	t.Fatal("no port free for both UDP and TCP")
	return 0
}
