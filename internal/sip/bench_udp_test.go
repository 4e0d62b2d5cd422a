package sip

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// BenchmarkRegisterUDP measures one registration as a phone makes it over
// UDP on loopback: REGISTER, 401, REGISTER with digest credentials for the
// challenge's nonce, 200. ns/op is the round trips' time; cpu-µs/op is the
// whole process's CPU time (server and the client's small share).
func BenchmarkRegisterUDP(b *testing.B) {
	const accounts = 1000
	s := benchServer(b, accounts)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, UDP(pc)) }()
	defer func() { cancel(); <-done }()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	server, local := pc.LocalAddr().(*net.UDPAddr), c.LocalAddr().String()
	buf := make([]byte, 4096)
	exchange := func(msg, want string) []byte {
		if _, err := c.WriteToUDP([]byte(msg), server); err != nil {
			b.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		n, _, err := c.ReadFromUDP(buf)
		if err != nil {
			b.Fatalf("no answer: %v", err)
		}
		if !bytes.HasPrefix(buf[:n], []byte("SIP/2.0 "+want+" ")) {
			b.Fatalf("want %s, got\n%s", want, buf[:n])
		}
		return buf[:n]
	}
	uri := "sip:" + testRealm
	cpu := cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		user := fmt.Sprintf("user%06d", i%accounts)
		head := func(branch string) string {
			return "REGISTER " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + local + ";branch=z9hG4bK" + branch + strconv.Itoa(i) + ";rport\r\n" +
				"Max-Forwards: 70\r\nFrom: <sip:" + user + "@" + testRealm + ">;tag=" + user + "\r\nTo: <sip:" + user + "@" + testRealm + ">\r\n" +
				"Call-ID: " + user + "@bench\r\nCSeq: " + strconv.Itoa(2*i+1) + " REGISTER\r\nContact: <sip:" + user + "@" + local + ">\r\n" +
				"User-Agent: Yealink SIP-T54W 96.86.0.100\r\nExpires: 3600\r\n"
		}
		ch := exchange(head("a")+"Content-Length: 0\r\n\r\n", "401")
		_, after, _ := bytes.Cut(ch, []byte(`nonce="`))
		nonce, _, _ := bytes.Cut(after, []byte(`"`))
		cred := digest.Credentials{Username: user, Realm: testRealm, Nonce: string(nonce), URI: uri, Algorithm: digest.MD5,
			QOP: "auth", NC: "00000001", CNonce: "c0ffee"}
		cred.Response = digest.Response(digest.MD5, digest.HA1(digest.MD5, user, testRealm, "pw"), "REGISTER", uri,
			cred.Nonce, cred.NC, cred.CNonce, cred.QOP)
		exchange(head("b")+"Authorization: "+cred.String()+"\r\nContent-Length: 0\r\n\r\n", "200")
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}
