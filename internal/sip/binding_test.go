package sip

import (
	"testing"
	"time"
)

func TestMACFromUserAgent(t *testing.T) {
	for ua, want := range map[string]string{
		"Yealink SIP-T54W 96.86.0.100 80:5e:c0:11:22:33": "805ec0112233",
		"Grandstream GXP2170 1.0.11.3 000B82ABCDEF":      "000b82abcdef",
		"snomD785/10.1.33.33":                            "",
		"Fanvil X4U 2.12.1 0c-38-3e-01-02-03":            "0c383e010203",
		"baresip v1.0.0 (x86_64/linux)":                  "",
	} {
		if got := macFromUserAgent(ua); got != want {
			t.Errorf("macFromUserAgent(%q) = %q, want %q", ua, got, want)
		}
	}
}

func TestDoubleRegistration(t *testing.T) {
	b := func(src, mac, inst string) binding {
		k, err := keep(&Binding{Source: src, MAC: mac, Instance: inst, Expires: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	for _, tt := range []struct {
		name string
		bs   []binding
		want bool
	}{
		{"one binding", []binding{b("10.0.0.1:5060", "", "")}, false},
		{"same phone, two contacts", []binding{b("10.0.0.1:5060", "aa", "i1"), b("10.0.0.1:5062", "aa", "i1")}, false},
		{"other source address", []binding{b("10.0.0.1:5060", "", ""), b("10.0.0.2:5060", "", "")}, true},
		{"other MAC behind one NAT", []binding{b("10.0.0.1:5060", "aa", ""), b("10.0.0.1:5062", "bb", "")}, true},
		{"other instance behind one NAT", []binding{b("10.0.0.1:5060", "", "i1"), b("10.0.0.1:5062", "", "i2")}, true},
	} {
		if got := doubleRegistration(tt.bs); got != tt.want {
			t.Errorf("%s: double registration %v, want %v", tt.name, got, tt.want)
		}
	}
}
