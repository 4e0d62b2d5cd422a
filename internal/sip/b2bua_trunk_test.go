package sip

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/peers"
)

// fakeTrunks is a TrunkSource of one trunk; it keeps the registration
// states reported.
type fakeTrunks struct {
	t         switchboard.Trunk
	reportsMu sync.Mutex
	reports   []switchboard.TrunkRegistration
}

// RecordTrunkRegistration keeps a reported state.
func (f *fakeTrunks) RecordTrunkRegistration(_ context.Context, _ string, r switchboard.TrunkRegistration) error {
	f.reportsMu.Lock()
	defer f.reportsMu.Unlock()
	f.reports = append(f.reports, r)
	return nil
}

// states returns the states reported so far, in order.
func (f *fakeTrunks) states() []string {
	f.reportsMu.Lock()
	defer f.reportsMu.Unlock()
	var out []string
	for _, r := range f.reports {
		out = append(out, r.State)
	}
	return out
}

func (f *fakeTrunks) TrunkByAddress(_ context.Context, ip netip.Addr, _ string) (*switchboard.Trunk, error) {
	for _, a := range f.t.InboundAddresses {
		if a == ip.String() {
			t := f.t
			t.Password = ""
			return &t, nil
		}
	}
	return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no trunk")
}

func (f *fakeTrunks) TrunkSecret(_ context.Context, id string) (*switchboard.Trunk, error) {
	if id != f.t.ID {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no trunk")
	}
	t := f.t
	return &t, nil
}

// RegisteredTrunks returns the trunk when it registers.
func (f *fakeTrunks) RegisteredTrunks(context.Context) ([]*switchboard.Trunk, error) {
	if !f.t.Register {
		return nil, nil
	}
	t := f.t
	return []*switchboard.Trunk{&t}, nil
}

// sippCall runs SIPp with args for one call (-m 1) in dir and returns its
// message trace, with an error when the call failed. It runs beside the
// test, so it reports instead of failing t.
func sippCall(bin, dir string, args ...string) (string, error) {
	trace := filepath.Join(dir, "messages.log")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args = append(args, "-m", "1", "-nostdin", "-timeout", "15s", "-timeout_error", "-trace_msg", "-message_file", trace)
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	msgs, _ := os.ReadFile(trace)
	if err != nil {
		return "", fmt.Errorf("sipp %v: %w\n%s\nmessages:\n%s", args, err, lastLines(string(out), 20), msgs)
	}
	return string(msgs), nil
}

// sippResult is what a SIPp run beside the test left.
type sippResult struct {
	msgs string
	err  error
}

// goSIPp starts sippCall beside the test.
func goSIPp(t *testing.T, args ...string) <-chan sippResult {
	bin, dir := peers.NeedSIPp(t), t.TempDir()
	done := make(chan sippResult, 1)
	go func() {
		msgs, err := sippCall(bin, dir, args...)
		done <- sippResult{msgs, err}
	}()
	return done
}

// wait returns the trace of a SIPp run, failing t if the call failed.
func wait(t *testing.T, done <-chan sippResult) string {
	t.Helper()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.msgs
	case <-time.After(30 * time.Second):
		t.Fatal("SIPp did not finish")
	}
	return ""
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// sippTrunk is trunk t1 of customer c1, served by SIPp with
// trunk_uas.xml on a free port (inbound address 127.0.0.2); start runs
// SIPp for one call and waits until it listens.
func sippTrunk(t *testing.T) (trunks *fakeTrunks, start func() <-chan sippResult) {
	t.Helper()
	peers.NeedSIPp(t)
	port := peers.FreePort(t)
	trunks = &fakeTrunks{t: switchboard.Trunk{ID: "t1", CustomerID: "c1", Name: "upstream", Proxy: "127.0.0.1:" + strconv.Itoa(port),
		Transport: "udp", Domain: "trunk.example", Username: "trunkuser", Password: "trunkpw", InboundAddresses: []string{"127.0.0.2"}}}
	return trunks, func() <-chan sippResult {
		t.Helper()
		return goSIPpScenario(t, "trunk_uas.xml", "trunkuser", "trunkpw", port)
	}
}

// goSIPpScenario starts SIPp on port with testdata/sipp/<name>, its
// TRUNK_USER and TRUNK_PASSWORD replaced by user and password, and waits
// until it listens.
func goSIPpScenario(t *testing.T, name, user, password string, port int) <-chan sippResult {
	t.Helper()
	scenario, err := os.ReadFile(filepath.Join("testdata", "sipp", name))
	if err != nil {
		t.Fatal(err)
	}
	sf := filepath.Join(t.TempDir(), name)
	os.WriteFile(sf, []byte(strings.NewReplacer("TRUNK_USER", user, "TRUNK_PASSWORD", password).Replace(string(scenario))), 0o600)
	run := goSIPp(t, "-sf", sf, "-i", "127.0.0.1", "-p", strconv.Itoa(port))
	peers.WaitUDP(t, port, 10*time.Second)
	// A test that fails before reading SIPp's result gets its trace.
	done, ended := make(chan sippResult, 1), make(chan sippResult, 1)
	go func() {
		r := <-run
		ended <- r
		done <- r
	}()
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		select {
		case r := <-ended:
			t.Logf("SIPp (%s): %v\n%s", name, r.err, lastLines(r.msgs, 80))
		case <-time.After(20 * time.Second):
			t.Logf("SIPp (%s) still running", name)
		}
	})
	return done
}

// TestTrunkCalls: a call to a number leaves through the trunk (a SIPp
// peer that challenges: the B2BUA answers with the trunk's credentials,
// From is the caller's number at the trunk's domain); a call from the
// trunk's address (a SIPp UAC on 127.0.0.2) is taken without a challenge
// and rings the workplace.
func TestTrunkCalls(t *testing.T) {
	trunks, startTrunk := sippTrunk(t)
	routes := map[string]*switchboard.CallRoute{
		"0301234": {CustomerID: "c1", CallerWorkplaceID: "w-alice", CallerNumber: "+49305550100",
			Targets: []switchboard.CallTarget{{TrunkID: "t1", Number: "+49301234"}}},
		"+49305550101": {CustomerID: "c1", CallerNumber: "+4930999",
			Targets: []switchboard.CallTarget{{WorkplaceID: "w-bob", DeviceIDs: []string{"dev-bob1"}}}},
	}
	ts, r, ev := startCallServer(t, routes, func(o *Options) { o.Trunks = trunks })
	alice := newCallUA(t, ts, "alice", "dev-alice")
	bob := newCallUA(t, ts, "bob1", "dev-bob1")

	done := startTrunk()
	d, req := alice.invite("0301234", sdpOffer(4000, sendRecv))
	alice.response(sip.INVITE, 180)
	if res := d.answered(req); !hasLine(res.Body(), "m=audio 9000 RTP/AVP 0") {
		t.Fatalf("the trunk's answer was not relayed:\n%s", res.Body())
	}
	ev.want(t, switchboard.EventCallAnswered, "w-alice")
	d.send(sip.BYE, nil)
	wantCode(t, alice.response(sip.BYE, 200), 200)
	msgs := wait(t, done)
	if !strings.Contains(msgs, "INVITE sip:+49301234@trunk.example") || !strings.Contains(msgs, "From: <sip:+49305550100@trunk.example>") {
		t.Fatalf("the trunk got another Request-URI or From:\n%s", msgs)
	}

	done = goSIPp(t, "-sn", "uac", "-s", "+49305550101", "-i", "127.0.0.2", "-p", strconv.Itoa(peers.FreePort(t)), ts.udp)
	inv := bob.request(sip.INVITE)
	bob.reply(inv, 200, sdpOffer(5000, sendRecv))
	bob.request(sip.ACK)
	bye := bob.request(sip.BYE)
	bob.reply(bye, 200, nil)
	wait(t, done)
	seen := r.requests()
	if last := seen[len(seen)-1]; last.TrunkID != "t1" || last.DeviceID != "" || last.Dialled != "+49305550101" {
		t.Fatalf("the trunk's call was routed as %+v", last)
	}
}
