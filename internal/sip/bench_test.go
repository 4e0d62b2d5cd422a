package sip

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/heap"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// authRegister builds an authenticated REGISTER for user i, answering a
// challenge issued by s, as one phone of a boot storm would send it.
func authRegister(tb testing.TB, s *Server, i int) *sip.Request {
	return refreshRegister(tb, s, i, 0)
}

// refreshRegister builds the authenticated REGISTER of user i's refresh
// number round: the same Call-ID with a higher CSeq, a fresh nonce.
func refreshRegister(tb testing.TB, s *Server, i, round int) *sip.Request {
	user := fmt.Sprintf("user%06d", i)
	nonce := s.nonces.Issue(s.now())
	uri := "sip:" + testRealm
	cred := digest.Credentials{Username: user, Realm: testRealm, Nonce: nonce, URI: uri, Algorithm: digest.MD5,
		QOP: "auth", NC: "00000001", CNonce: "c0ffee"}
	cred.Response = digest.Response(digest.MD5, digest.HA1(digest.MD5, user, testRealm, "pw"), "REGISTER", uri, nonce, "00000001", "c0ffee", "auth")
	host := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	msg := "REGISTER " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + host + ":5060;branch=z9hG4bK" + user + strconv.Itoa(round) + ";rport\r\n" +
		"Max-Forwards: 70\r\nFrom: <sip:" + user + "@" + testRealm + ">;tag=" + user + "\r\nTo: <sip:" + user + "@" + testRealm + ">\r\n" +
		"Call-ID: " + user + "@" + host + "\r\nCSeq: " + strconv.Itoa(round+2) + " REGISTER\r\nContact: <sip:" + user + "@" + host + ":5060>\r\n" +
		"User-Agent: Yealink SIP-T54W 96.86.0.100\r\nExpires: 3600\r\nAuthorization: " + cred.String() + "\r\nContent-Length: 0\r\n\r\n"
	m, err := sip.ParseMessage([]byte(msg))
	if err != nil {
		tb.Fatal(err)
	}
	req := m.(*sip.Request)
	req.SetTransport("UDP")
	req.SetSource(host + ":5060")
	return req
}

// storeAccounts answers like the wiring's source over the store: every
// lookup builds a new Account from freshly read strings, so what the
// registrar keeps of it is measured, not shared test data.
type storeAccounts struct{ n int }

func (a storeAccounts) Account(_ context.Context, username string) (*Account, error) {
	i, err := strconv.Atoi(strings.TrimPrefix(username, "user"))
	if err != nil || i >= a.n || !strings.HasPrefix(username, "user") {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no account")
	}
	acct := &Account{Username: username, AOR: strings.Clone(username),
		DeviceID: fmt.Sprintf("0b8e2d6c-4f1a-4c3e-9d7b-%012d", i), CustomerID: fmt.Sprint("5f0c9a7e-2b61-4d0f-8a34-", "0123456789ab"),
		Realm: strings.Clone(testRealm)}
	acct.SetPassword("pw")
	return acct, nil
}

func (storeAccounts) Password(context.Context, string) (string, error) { return "pw", nil }

func benchServer(tb testing.TB, n int) *Server {
	s, err := NewServer(Options{Accounts: storeAccounts{n}, Secret: []byte("0123456789abcdef"), Realm: func(string) string { return testRealm },
		MaxSourceFailures: 1 << 30, MaxAccountFailures: 1 << 30})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkRegisterHandler measures the registrar's work for one
// authenticated REGISTER (digest check, replay check, binding update,
// answer) without the network.
func BenchmarkRegisterHandler(b *testing.B) {
	const accounts = 10000
	s := benchServer(b, accounts)
	reqs := make([]*sip.Request, accounts)
	for i := range reqs {
		reqs[i] = authRegister(b, s, i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		r := s.register(ctx, reqs[i%accounts])
		if r.code != 200 && i < accounts {
			b.Fatalf("answer %d", r.code)
		}
	}
	reportCPU(b, cpu)
}

// cpuTime is the CPU time the process used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start, the garbage
// collector's included: on a shared machine it varies less than the
// wall time.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkRegisterRefresh measures the registrar's work for the
// REGISTER that refreshes a binding, as a phone sends every few minutes:
// each request is new (a fresh nonce, a higher CSeq), up to 40,000 of
// them; run with -benchtime 40000x so that none is a retransmission.
func BenchmarkRegisterRefresh(b *testing.B) {
	const accounts, rounds = 10000, 4
	s := benchServer(b, accounts)
	ctx := context.Background()
	for i := range accounts {
		if r := s.register(ctx, authRegister(b, s, i)); r.code != 200 {
			b.Fatalf("answer %d", r.code)
		}
	}
	reqs := make([]*sip.Request, 0, min(b.N, accounts*rounds))
	for i := range cap(reqs) {
		reqs = append(reqs, refreshRegister(b, s, i%accounts, 1+i/accounts))
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		r := s.register(ctx, reqs[i%len(reqs)])
		if r.code != 200 && i < len(reqs) {
			b.Fatalf("answer %d", r.code)
		}
	}
	reportCPU(b, cpu)
}

// maxBytesPerBinding is what the registrar may keep per registered phone:
// its binding, its replay state and, for DefaultMaxCachedAccounts of
// them, a cached account (measured 563 bytes at 100,000 with accounts
// read anew from the source, as the store reads them).
const maxBytesPerBinding = 600

// TestMemoryPerBinding registers 100,000 devices in memory and checks the
// registrar stays within maxBytesPerBinding per binding.
func TestMemoryPerBinding(t *testing.T) {
	if testing.Short() {
		t.Skip("registers 100,000 devices; skipped in -short mode")
	}
	if raceEnabled {
		t.Skip("memory figures are meaningless under the race detector")
	}
	const n = 100000
	s := benchServer(t, n)
	ctx := context.Background()
	before := heap.Live()
	start := time.Now()
	for i := range n {
		if r := s.register(ctx, authRegister(t, s, i)); r.code != 200 {
			t.Fatalf("register %d: %d %s", i, r.code, r.reason)
		}
	}
	elapsed := time.Since(start)
	per := float64(heap.Live()-before) / n
	t.Logf("%d bindings: %.0f bytes each (bindings, replay state, cached accounts); %v per REGISTER incl. building it", n, per, elapsed/n)
	if per > maxBytesPerBinding {
		t.Fatalf("%.0f bytes per binding, more than %d", per, maxBytesPerBinding)
	}
	runtime.KeepAlive(s)
}
