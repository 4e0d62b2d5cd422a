package sip

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// BenchmarkRegisterPaths measures the server's work for one registration
// (REGISTER answered 401, REGISTER with credentials answered 200) from the
// datagram's bytes to the answer's, without sockets: on the fast path
// (scan, decide, write, release the scan) and on sipgo's (parse, decide, build the response
// from cloned headers, write it). cpu-µs/op is the process's CPU time per
// registration, which a loaded machine disturbs less than ns/op.
func BenchmarkRegisterPaths(b *testing.B) {
	b.Run("fast", func(b *testing.B) {
		benchPaths(b, func(s *Server, data []byte, out *bytes.Buffer) int {
			raw, req, ok := scanRegister(string(data))
			if !ok {
				b.Fatalf("fast path refused\n%s", data)
			}
			raw.src = diffSource
			req.source, req.transport = diffSource, "UDP"
			r := s.registerReq(context.Background(), req)
			out.Write(rawAnswer(out.AvailableBuffer(), raw, r))
			raw.scan.release()
			return r.code
		})
	})
	b.Run("sipgo", func(b *testing.B) {
		benchPaths(b, func(s *Server, data []byte, out *bytes.Buffer) int {
			m, err := sip.ParseMessage(data)
			if err != nil {
				b.Fatal(err)
			}
			req := m.(*sip.Request)
			req.SetTransport("UDP")
			req.SetSource(diffSource.String())
			r, ok := s.precheck(req)
			if ok {
				r = s.register(context.Background(), req)
			}
			response(req, r).StringWrite(out)
			return r.code
		})
	})
}

// benchPaths runs answer on b.N registrations of 1,000 accounts, the
// requests built beforehand.
func benchPaths(b *testing.B, answer func(s *Server, data []byte, out *bytes.Buffer) int) {
	const accounts = 1000
	s := benchServer(b, accounts)
	uri := "sip:" + testRealm
	type pair struct{ challenge, auth []byte }
	pairs := make([]pair, b.N)
	for i := range pairs {
		user := fmt.Sprintf("user%06d", i%accounts)
		head := "REGISTER " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP " + diffSource.String() + ";branch=z9hG4bK" + strconv.Itoa(i) + ";rport\r\n" +
			"Max-Forwards: 70\r\nFrom: <sip:" + user + "@" + testRealm + ">;tag=" + user + "\r\nTo: <sip:" + user + "@" + testRealm + ">\r\n" +
			"Call-ID: " + user + "@bench\r\nCSeq: " + strconv.Itoa(i+1) + " REGISTER\r\nContact: <sip:" + user + "@" + diffSource.String() + ">\r\n" +
			"User-Agent: Yealink SIP-T54W 96.86.0.100\r\nExpires: 3600\r\n"
		nonce := s.nonces.Issue(s.now())
		cred := digest.Credentials{Username: user, Realm: testRealm, Nonce: nonce, URI: uri, Algorithm: digest.MD5,
			QOP: "auth", NC: "00000001", CNonce: "c0ffee"}
		cred.Response = digest.Response(digest.MD5, digest.HA1(digest.MD5, user, testRealm, "pw"), "REGISTER", uri,
			nonce, cred.NC, cred.CNonce, cred.QOP)
		pairs[i] = pair{[]byte(head + "Content-Length: 0\r\n\r\n"), []byte(head + "Authorization: " + cred.String() + "\r\nContent-Length: 0\r\n\r\n")}
	}
	var out bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for _, p := range pairs {
		out.Reset()
		if code := answer(s, p.challenge, &out); code != 401 {
			b.Fatalf("challenge answered %d", code)
		}
		out.Reset()
		if code := answer(s, p.auth, &out); code != 200 {
			b.Fatalf("registration answered %d", code)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
}
