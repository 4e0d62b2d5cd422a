package main

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// answeringPhone is a desk phone with auto-answer over UDP: it registers
// a device's SIP account and answers every INVITE (a call, a hold) with
// 200 and an SDP, every other request with 200.
type answeringPhone struct {
	t      *testing.T
	conn   *net.UDPConn
	server *net.UDPAddr
	acc    sipAccount
	// responses receives the final responses to the phone's own
	// requests once it answers.
	responses chan *sip.Response
}

// newAnsweringPhone registers acc at the SIP listener addr and starts
// answering.
func newAnsweringPhone(t *testing.T, addr string, acc sipAccount) *answeringPhone {
	t.Helper()
	server, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &answeringPhone{t: t, conn: conn, server: server, acc: acc, responses: make(chan *sip.Response, 16)}
	p.register()
	go p.answer()
	return p
}

func (p *answeringPhone) local() string { return p.conn.LocalAddr().String() }

// register sends REGISTER and answers the digest challenge.
func (p *answeringPhone) register() {
	p.t.Helper()
	uri := "sip:" + p.acc.domain
	send := func(cseq int, auth string) {
		msg := fmt.Sprintf("REGISTER %s SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK-reg-%d;rport\r\nMax-Forwards: 70\r\n"+
			"From: <sip:%s@%s>;tag=reg\r\nTo: <sip:%s@%s>\r\nCall-ID: reg-%s\r\nCSeq: %d REGISTER\r\nContact: <sip:%s@%s>\r\n"+
			"Expires: 300\r\nAllow-Events: talk, hold\r\n%sContent-Length: 0\r\n\r\n",
			uri, p.local(), cseq, p.acc.username, p.acc.domain, p.acc.username, p.acc.domain, p.local(), cseq,
			p.acc.username, p.local(), auth)
		if _, err := p.conn.WriteToUDP([]byte(msg), p.server); err != nil {
			p.t.Fatal(err)
		}
	}
	send(1, "")
	res := p.response()
	if res.StatusCode == 401 {
		ch, err := digest.ParseChallenge(res.GetHeader("WWW-Authenticate").Value())
		if err != nil {
			p.t.Fatal(err)
		}
		send(2, "Authorization: "+digest.Answer(ch, "REGISTER", uri, p.acc.username, p.acc.password, 1, "0a4f113b").String()+"\r\n")
		res = p.response()
	}
	if res.StatusCode != 200 {
		p.t.Fatalf("REGISTER of %s answered %d", p.acc.username, res.StatusCode)
	}
}

// response reads the next final response.
func (p *answeringPhone) response() *sip.Response {
	p.t.Helper()
	buf := make([]byte, 65535)
	for {
		_ = p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, _, err := p.conn.ReadFromUDP(buf)
		if err != nil {
			p.t.Fatalf("no answer to REGISTER: %v", err)
		}
		m, err := sip.ParseMessage(append([]byte(nil), buf[:n]...))
		if res, ok := m.(*sip.Response); err == nil && ok && res.StatusCode >= 200 {
			return res
		}
	}
}

// answer answers what the server sends until the socket is closed.
func (p *answeringPhone) answer() {
	_ = p.conn.SetReadDeadline(time.Time{})
	buf := make([]byte, 65535)
	for {
		n, _, err := p.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		m, err := sip.ParseMessage(append([]byte(nil), buf[:n]...))
		if res, ok := m.(*sip.Response); err == nil && ok && res.StatusCode >= 200 {
			select {
			case p.responses <- res:
			default:
			}
			continue
		}
		req, ok := m.(*sip.Request)
		if err != nil || !ok || req.Method == sip.ACK {
			continue
		}
		var body []byte
		if req.Method == sip.INVITE {
			body = []byte("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n")
		}
		res := sip.NewResponseFromRequest(req, 200, "OK", nil)
		if _, tagged := res.To().Params.Get("tag"); !tagged {
			res.To().Params.Add("tag", "phone-"+p.acc.username)
		}
		res.AppendHeader(&sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: p.acc.username, Host: "127.0.0.1", Port: p.conn.LocalAddr().(*net.UDPAddr).Port}})
		if body != nil {
			res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
			res.SetBody(body)
		}
		// The test may be over: a failed write is no failure.
		_, _ = p.conn.WriteToUDP([]byte(res.String()), p.server)
	}
}

// dial places a call to number as the phone's user dials it, answers the
// digest challenge, acknowledges the final answer and returns its status
// (a feature code is answered without a dialog).
func (p *answeringPhone) dial(number string) int {
	p.t.Helper()
	uri := "sip:" + number + "@" + p.acc.domain
	sdp := "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n"
	head := func(method string, cseq int, to string) string {
		return fmt.Sprintf("%s %s SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK-dial-%s-%d;rport\r\nMax-Forwards: 70\r\n"+
			"From: <sip:%s@%s>;tag=dial\r\nTo: %s\r\nCall-ID: dial-%s@%s\r\nCSeq: %d %s\r\n",
			method, uri, p.local(), number, cseq, p.acc.username, p.acc.domain, to, number, p.local(), cseq, method)
	}
	send := func(msg string) {
		if _, err := p.conn.WriteToUDP([]byte(msg), p.server); err != nil {
			p.t.Fatal(err)
		}
	}
	invite := func(cseq int, auth string) *sip.Response {
		send(head("INVITE", cseq, "<"+uri+">") + fmt.Sprintf("Contact: <sip:%s@%s>\r\n%sContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s",
			p.acc.username, p.local(), auth, len(sdp), sdp))
		var res *sip.Response
		select {
		case res = <-p.responses:
		case <-time.After(5 * time.Second):
			p.t.Fatalf("no final answer to INVITE %s", number)
		}
		send(head("ACK", cseq, res.To().Value()) + "Content-Length: 0\r\n\r\n")
		return res
	}
	res := invite(1, "")
	if res.StatusCode == 407 {
		ch, err := digest.ParseChallenge(res.GetHeader("Proxy-Authenticate").Value())
		if err != nil {
			p.t.Fatal(err)
		}
		res = invite(2, "Proxy-Authorization: "+digest.Answer(ch, "INVITE", uri, p.acc.username, p.acc.password, 1, "0a4f113c").String()+"\r\n")
	}
	return res.StatusCode
}
