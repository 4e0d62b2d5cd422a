package switchboard_test

import (
	"net/netip"
	"strings"
	"testing"

	sb "github.com/switchboard-pbx/switchboard"
)

func TestMustEncrypt(t *testing.T) {
	defaults := sb.DefaultAccessNetworks()
	custom := []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24")}
	for _, tc := range []struct {
		name string
		site bool
		addr string
		nets []netip.Prefix
		want bool
	}{
		{"loopback v4", false, "127.0.0.1", defaults, false},
		{"loopback v6", false, "::1", defaults, false},
		{"rfc1918 10/8", false, "10.1.2.3", defaults, false},
		{"rfc1918 172.16/12 low", false, "172.16.0.1", defaults, false},
		{"rfc1918 172.16/12 high", false, "172.31.255.254", defaults, false},
		{"just outside 172.16/12", false, "172.32.0.1", defaults, true},
		{"rfc1918 192.168/16", false, "192.168.178.20", defaults, false},
		{"rfc4193 fd00::/8", false, "fd12:3456::1", defaults, false},
		{"v4-mapped private", false, "::ffff:192.168.1.5", defaults, false},
		{"public v4", false, "198.51.100.7", defaults, true},
		{"public v6", false, "2001:db8::1", defaults, true},
		{"site encryption inside", true, "10.0.0.5", defaults, true},
		{"site encryption outside", true, "198.51.100.7", defaults, true},
		{"custom network inside", false, "203.0.113.9", custom, false},
		{"custom network: private no longer inside", false, "10.0.0.5", custom, true},
		{"no networks", false, "127.0.0.1", nil, true},
		{"invalid address", false, "", defaults, true},
	} {
		var addr netip.Addr
		if tc.addr != "" {
			addr = netip.MustParseAddr(tc.addr)
		}
		if got := sb.MustEncrypt(tc.site, addr, tc.nets); got != tc.want {
			t.Errorf("%s: MustEncrypt(%v, %s) = %v, want %v", tc.name, tc.site, tc.addr, got, tc.want)
		}
	}
}

func TestParseAccessNetworks(t *testing.T) {
	got, err := sb.ParseAccessNetworks("")
	if err != nil || len(got) != len(sb.DefaultAccessNetworks()) {
		t.Fatalf("empty value: %v %v, want the defaults", got, err)
	}
	got, err = sb.ParseAccessNetworks(" 203.0.113.7/24, 2001:db8::/32")
	if err != nil || len(got) != 2 || got[0].String() != "203.0.113.0/24" || got[1].String() != "2001:db8::/32" {
		t.Fatalf("two networks: %v %v", got, err)
	}
	if _, err := sb.ParseAccessNetworks("10.0.0.0/8,bogus"); sb.ErrorCode(err) != sb.EINVALID || !strings.Contains(sb.ErrorMessage(err), `"bogus"`) {
		t.Fatalf("bad network: %v", err)
	}
}

func TestSIPServerEncrypt(t *testing.T) {
	s := sb.SIPServer{Port: 5060, TLSPort: 5061, Transport: sb.TransportUDP, SRTP: sb.SRTPOff}
	if s.ActivePort() != 5060 {
		t.Fatalf("plain port %d", s.ActivePort())
	}
	s.Encrypt()
	if s.Transport != sb.TransportTLS || s.SRTP != sb.SRTPMandatory || s.ActivePort() != 5061 {
		t.Fatalf("after Encrypt: %+v port %d", s, s.ActivePort())
	}
}

func TestProfileCheckFor(t *testing.T) {
	base := sb.Model{ID: "b", Name: "Base", Kind: sb.KindDECTBase, Lines: 4, Handsets: 2}
	good := func() sb.Profile {
		return sb.Profile{
			Server: sb.SIPServer{Domain: "c.example", Registrar: "sip.example", Port: 5060, TLSPort: 5061, Transport: sb.TransportUDP, SRTP: sb.SRTPOff},
			Lines:  []sb.ProfileLine{{Username: "a", Password: "p"}, {Username: "b", Password: "q"}},
			Handsets: []sb.Handset{
				{Index: 1, Lines: []int{1}}, {Index: 2, Lines: []int{2, 1}},
			},
		}
	}
	p := good()
	if err := p.CheckFor(base); err != nil {
		t.Fatalf("good profile: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(*sb.Profile)
		want   string
	}{
		{"no line", func(p *sb.Profile) { p.Lines = nil; p.Handsets = nil }, "has no line"},
		{"too many lines", func(p *sb.Profile) { p.Lines = append(p.Lines, p.Lines...); p.Lines = append(p.Lines, p.Lines[0]) }, "carries 4 line(s), the profile has 5"},
		{"bad transport", func(p *sb.Profile) { p.Server.Transport = "sctp" }, "transport"},
		{"bad srtp", func(p *sb.Profile) { p.Server.SRTP = "maybe" }, "SRTP"},
		{"no registrar", func(p *sb.Profile) { p.Server.Registrar = "" }, "registrar"},
		{"no password", func(p *sb.Profile) { p.Lines[1].Password = "" }, "line 2"},
		{"handset beyond base", func(p *sb.Profile) { p.Handsets[1].Index = 3 }, "handset 3"},
		{"handset twice", func(p *sb.Profile) { p.Handsets[1].Index = 1 }, "handset 1"},
		{"handset unknown line", func(p *sb.Profile) { p.Handsets[0].Lines = []int{3} }, "uses line 3"},
		{"handset without line", func(p *sb.Profile) { p.Handsets[0].Lines = nil }, "has no line"},
		{"key on base without keys", func(p *sb.Profile) { p.Keys = []sb.FunctionKey{{Index: 1, Type: sb.KeyBLF, Value: "1"}} }, "no programmable keys"},
	} {
		p := good()
		tc.change(&p)
		if err := p.CheckFor(base); sb.ErrorCode(err) != sb.EINVALID || !strings.Contains(sb.ErrorMessage(err), tc.want) {
			t.Errorf("%s: got %v, want invalid containing %q", tc.name, err, tc.want)
		}
	}
}
