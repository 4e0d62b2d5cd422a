package vendorkit_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

func TestValueRules(t *testing.T) {
	for _, c := range []struct {
		name string
		rule vendorkit.Rule
		ok   []string
		bad  []string
	}{
		{"boolean 0/1", vendorkit.OneOf("0", "1"), []string{"0", "1"}, []string{"", "true", "on", "2"}},
		{"int 1..43200", vendorkit.Int(1, 43200), []string{"1", "1440", "43200"}, []string{"0", "43201", "1h", ""}},
		{"text of 8", vendorkit.Text(8), []string{"", "Anna", "12345678"}, []string{"123456789", "a\nb"}},
		{"match", vendorkit.Match(`[A-Z]{3}[+-][0-9]+`), []string{"GER+1", "GBR-0"}, []string{"GER+1x", "ger+1"}},
		{"list", vendorkit.ListOf(",", vendorkit.Int(1, 9)), []string{"", "1", "1,2,3"}, []string{"1,,2", "1,10"}},
		{"either", vendorkit.Either(vendorkit.OneOf("%NULL%"), vendorkit.Int(0, 5)), []string{"%NULL%", "3"}, []string{"6", "NULL"}},
		{"POSIX TZ", vendorkit.PosixTZ, []string{"CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00", "UTC0", "EST5EDT,M3.2.0,M11.1.0", "<+03>-3"},
			[]string{"Europe/Berlin", "CET", "+1"}},
		{"host", vendorkit.Host, []string{"pool.ntp.org", "192.0.2.1", "sip.example.net:5061", "[2001:db8::1]:5060", "2001:db8::1"}, []string{"", "a b", "http://x"}},
		{"URL", vendorkit.URL, []string{"https://prov.example.net:8448/abc/", "http://x/y.cfg"}, []string{"ftp://x", "https://a b", ""}},
	} {
		for _, v := range c.ok {
			if err := c.rule(v); err != nil {
				t.Errorf("%s: %q refused: %v", c.name, v, err)
			}
		}
		for _, v := range c.bad {
			if c.rule(v) == nil {
				t.Errorf("%s: %q accepted", c.name, v)
			}
		}
	}
}
