package sip

import (
	"encoding/base64"
	"strings"
	"testing"
)

// holdOrigin is the origin the held answers of these tests carry.
const holdOrigin = "o=switchboard 7 0 IN IP4 127.0.0.1"

// TestHeldAnswer: a phone's offer is answered with the same streams, in
// order, held and sent nowhere; a rejected stream stays rejected, an SRTP
// stream gets a key of its own, and an offer without streams has no
// answer.
func TestHeldAnswer(t *testing.T) {
	srtp := "v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n" +
		"m=audio 4000 RTP/SAVP 9 101\r\na=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n" +
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n" +
		"a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj\r\na=sendrecv\r\na=ptime:20\r\n"
	for _, tc := range []struct {
		name, offer string
		want        []string // lines the answer has, in this order
		not         []string // lines it must not have
	}{
		{"plain audio", string(sdpOffer(4000, sendRecv)),
			[]string{"v=0", holdOrigin, "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 4000 RTP/AVP 0", "a=inactive"},
			[]string{"a=sendrecv", "c=IN IP4 127.0.0.1"}},
		{"rejected video kept rejected",
			"v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 10.0.0.2\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\nm=audio 4000 RTP/AVP 8\na=sendonly\n",
			[]string{"m=video 0 RTP/AVP 96", "m=audio 4000 RTP/AVP 8", "a=inactive"},
			[]string{"a=rtpmap:96 H264/90000", "a=sendonly"}},
		{"IPv6", "v=0\r\no=- 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP6 ::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
			[]string{"c=IN IP6 ::", "m=audio 4000 RTP/AVP 0", "a=inactive"}, nil},
		{"SRTP", srtp,
			[]string{"m=audio 4000 RTP/SAVP 9 101", "a=inactive", "a=rtpmap:9 G722/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16"},
			[]string{"a=ptime:20", "a=sendrecv", "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, ok := heldAnswer([]byte(tc.offer), holdOrigin)
			if !ok {
				t.Fatalf("no answer to\n%s", tc.offer)
			}
			lines := strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n")
			at := 0
			for _, w := range tc.want {
				for at < len(lines) && lines[at] != w {
					at++
				}
				if at == len(lines) {
					t.Fatalf("no %q (in order) in\n%s", w, body)
				}
			}
			for _, n := range tc.not {
				if hasLine(body, n) {
					t.Fatalf("%q in\n%s", n, body)
				}
			}
			if sdpDirection(body) != inactive {
				t.Fatalf("answer is %s, want inactive", sdpDirection(body))
			}
		})
	}
	body, _ := heldAnswer([]byte(srtp), holdOrigin)
	var crypto []string
	for _, l := range strings.Split(string(body), "\r\n") {
		if strings.HasPrefix(l, "a=crypto:") {
			crypto = append(crypto, l)
		}
	}
	if len(crypto) != 1 || !strings.HasPrefix(crypto[0], "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:") {
		t.Fatalf("crypto answer %q, want one line for tag 1", crypto)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(crypto[0], "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"))
	if err != nil || len(key) != 30 || strings.Contains(crypto[0], "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz") {
		t.Fatalf("answer key %q: want a fresh 30-byte key (%v)", crypto[0], err)
	}
	for _, offer := range []string{"", "v=0\r\ns=-\r\n", "v=0\r\nm=audio\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n"} {
		if body, ok := heldAnswer([]byte(offer), holdOrigin); ok {
			t.Errorf("answered %q with\n%s", offer, body)
		}
	}
}

// FuzzHeldAnswer: any offer from a phone is answered or refused without a
// crash; an answer has the offer's m-lines in order, each held, and no
// line break of the offer's making.
func FuzzHeldAnswer(f *testing.F) {
	for _, s := range []string{"", "m=", "m=audio 1 RTP/AVP 0", "m=audio 0 RTP/AVP 0\nm=video 2/2 RTP/AVP 96\na=crypto:1 X inline:AAAA",
		"m=audio 1 RTP/SAVP 0\na=crypto:1 S inline:!!", "m=audio 1 RTP/AVP 0\na=rtpmap:0 PCMU\rX=1",
		string(sdpOffer(4000, sendRecv))} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, offer []byte) {
		body, ok := heldAnswer(offer, holdOrigin)
		if !ok {
			return
		}
		var want []string
		for i, l := range strings.Split(string(offer), "\n") {
			if l = strings.TrimSpace(l); i < maxSDPLines && strings.HasPrefix(l, "m=") {
				want = append(want, strings.Fields(l[2:])[0])
			}
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
			if strings.ContainsAny(l, "\r\n") {
				t.Fatalf("line %q breaks the answer", l)
			}
			if strings.HasPrefix(l, "m=") {
				got = append(got, strings.Fields(l[2:])[0])
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("streams %q for offered %q", got, want)
		}
	})
}
