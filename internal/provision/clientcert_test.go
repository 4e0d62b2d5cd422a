package provision

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

func TestShownMAC(t *testing.T) {
	for _, c := range []struct {
		ua, file, cert string
		mac            string
		conflict       bool
	}{
		{"Yealink SIP-T54W 96.86.0.70", "001565aabbcc.cfg", "", "001565aabbcc", false},
		{"Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc", "", "", "001565aabbcc", false},
		{"Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc", "001565ddeeff.cfg", "", "", true},
		{"", "001565aabbcc.cfg", "001565aabbcc", "001565aabbcc", false},
		{"", "001565aabbcc.cfg", "001565ddeeff", "", true},
		{"", "", "001565ddeeff", "001565ddeeff", false},
		{"curl/8.0", "x.cfg", "", "", false},
	} {
		mac, conflict := shownMAC(c.ua, c.file, c.cert)
		if mac != c.mac || conflict != c.conflict {
			t.Errorf("shownMAC(%q, %q, %q) = %q, %v; want %q, %v", c.ua, c.file, c.cert, mac, conflict, c.mac, c.conflict)
		}
	}
}

// FuzzShownMAC: whatever a request shows, the MAC taken is canonical or
// empty, and a conflict takes none.
func FuzzShownMAC(f *testing.F) {
	f.Add("Yealink SIP-T54W 96.86.0.70 00:15:65:aa:bb:cc", "001565ddeeff.cfg", "001565aabbcc")
	f.Add("Mozilla/4.0 (compatible; snomD785-SIP 10.1.73.16 000413aabbcc)", "snomD785-000413AABBCC.htm", "")
	f.Add("", "cfg000b828aa872.xml", "000b828aa872")
	f.Fuzz(func(t *testing.T, ua, file, cert string) {
		if c, err := switchboard.CanonicalMAC(cert); err != nil || c != cert {
			cert = ""
		}
		mac, conflict := shownMAC(ua, file, cert)
		if c, err := switchboard.CanonicalMAC(mac); mac != "" && (err != nil || c != mac) || conflict && mac != "" {
			t.Fatalf("shownMAC(%q, %q, %q) = %q, %v", ua, file, cert, mac, conflict)
		}
		if cert != "" && !conflict && mac != cert {
			t.Fatalf("shownMAC(%q, %q, %q) = %q, not the certificate's MAC", ua, file, cert, mac)
		}
	})
}

func TestSharedFile(t *testing.T) {
	for _, c := range []struct {
		path, file string
		ok         bool
	}{
		{"/ztp/", "", true}, {"/ztp/001565aabbcc.cfg", "001565aabbcc.cfg", true},
		{"/ztp/../x", "", false}, {"/ztp/.x", "", false}, {"/ztp/a/b", "", false}, {"/ztp/%2e", "", false},
		{"/ztpx", "", false},
	} {
		file, ok := sharedFile(c.path, ztpPrefix)
		if file != c.file || ok != c.ok {
			t.Errorf("sharedFile(%q) = %q, %v; want %q, %v", c.path, file, ok, c.file, c.ok)
		}
	}
}
