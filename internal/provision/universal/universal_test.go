package universal_test

import (
	"encoding/json"
	"net/netip"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/universal"
)

func profile() *switchboard.Profile {
	return &switchboard.Profile{
		Model: universal.ModelID,
		Server: switchboard.SIPServer{Domain: "acme.sip.example", Registrar: "sip.example.net", Port: 5060, TLSPort: 5061,
			Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff},
		Lines: []switchboard.ProfileLine{{Username: "u1", Password: "Secret1"}},
	}
}

func TestRenderNoFile(t *testing.T) {
	m := universal.Models()[0]
	files, err := universal.Render(profile(), m)
	if err != nil || len(files) != 0 {
		t.Fatalf("universal profile rendered %d files, %v", len(files), err)
	}
	p := profile()
	p.Lines = append(p.Lines, p.Lines[0])
	if _, err := universal.Render(p, m); err == nil {
		t.Error("two lines on the universal profile were accepted")
	}
}

func TestAccountsShowBothPorts(t *testing.T) {
	p := profile()
	got := universal.Accounts(p)
	want := universal.SIPAccount{Username: "u1", AuthName: "u1", Password: "Secret1", Domain: "acme.sip.example",
		Registrar: "sip.example.net", Proxy: "sip.example.net", Port: 5060, TLSPort: 5061,
		Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("Accounts = %+v, want %+v", got, want)
	}
	p.Server.Encrypt()
	p.Server.Proxy = "proxy.example.net"
	got = universal.Accounts(p)
	if got[0].Transport != switchboard.TransportTLS || got[0].SRTP != switchboard.SRTPMandatory || got[0].Port != 5060 || got[0].TLSPort != 5061 || got[0].Proxy != "proxy.example.net" {
		t.Errorf("encrypted: %+v", got[0])
	}
	b, _ := json.Marshal(got[0])
	for _, f := range []string{`"username"`, `"auth_name"`, `"password"`, `"domain"`, `"registrar"`, `"proxy"`, `"port"`, `"tls_port"`, `"transport"`} {
		if !strings.Contains(string(b), f) {
			t.Errorf("JSON lacks %s of DESIGN §5: %s", f, b)
		}
	}
}

func TestExpect(t *testing.T) {
	nets := switchboard.DefaultAccessNetworks()
	for _, tc := range []struct {
		site bool
		addr string
		t    switchboard.Transport
		s    switchboard.SRTP
	}{
		{false, "192.168.1.10", switchboard.TransportUDP, switchboard.SRTPOff},
		{true, "192.168.1.10", switchboard.TransportTLS, switchboard.SRTPMandatory},
		{false, "198.51.100.1", switchboard.TransportTLS, switchboard.SRTPMandatory},
	} {
		tr, s := universal.Expect(tc.site, netip.MustParseAddr(tc.addr), nets)
		if tr != tc.t || s != tc.s {
			t.Errorf("Expect(%v, %s) = %s %s, want %s %s", tc.site, tc.addr, tr, s, tc.t, tc.s)
		}
	}
}

func FuzzIdentify(f *testing.F) {
	f.Add("Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "001565bd56d4.cfg")
	f.Fuzz(func(t *testing.T, ua, file string) {
		if _, ok := universal.Identify(ua, file); ok {
			t.Errorf("the universal profile recognised %q %q", ua, file)
		}
	})
}
