package main

import (
	"os"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/systemd"
)

// TestAdoptSockets hands serve's listeners the sockets a service manager
// would pass (socket activation): each is taken by its name, SIP's UDP and
// TCP sockets by their kind, and a socket with an unknown name, a second
// one of a name, or a datagram socket where a stream socket belongs is
// refused with the name in the message.
func TestAdoptSockets(t *testing.T) {
	// addrs records the address of every socket made, by its file.
	addrs := map[*os.File]string{}
	socket := func(network string) func() *os.File {
		return func() *os.File {
			f, addr := sbtest.SocketFile(t, network)
			addrs[f] = addr
			return f
		}
	}
	tcp, udp := socket("tcp"), socket("udp")

	t.Run("by name and kind", func(t *testing.T) {
		socks := []systemd.Socket{{Name: "http", File: tcp()}, {Name: "sip", File: udp()}, {Name: "prov", File: tcp()},
			{Name: "sip", File: tcp()}, {Name: "sip-tls", File: tcp()}}
		want := make([]string, len(socks))
		for i, s := range socks {
			want[i] = addrs[s.File]
		}
		l := &listeners{}
		defer l.close()
		if err := l.adopt(socks); err != nil {
			t.Fatal(err)
		}
		got := []string{l.http.Addr().String(), l.sipUDP.LocalAddr().String(), l.prov.Addr().String(),
			l.sipTCP.Addr().String(), l.sipTLS.Addr().String()}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("socket %d (%s): adopted %s, passed %s", i, socks[i].Name, got[i], want[i])
			}
		}
		if l.sipWSS != nil {
			t.Error("a WSS listener no socket was passed for")
		}
	})
	for _, c := range []struct {
		name  string
		socks func() []systemd.Socket
		want  string
	}{
		{"unknown name", func() []systemd.Socket { return []systemd.Socket{{Name: "unknown", File: tcp()}} }, `named "unknown"`},
		{"twice", func() []systemd.Socket {
			return []systemd.Socket{{Name: "http", File: tcp()}, {Name: "http", File: tcp()}}
		}, `more than one stream socket named "http"`},
		{"datagram for a stream", func() []systemd.Socket { return []systemd.Socket{{Name: "prov", File: udp()}} }, `socket "prov" is not a listening stream socket`},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := &listeners{}
			defer l.close()
			err := l.adopt(c.socks())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("adopt: %v, want an error saying %s", err, c.want)
			}
		})
	}
}
