package switchboard_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

func TestInboundPrefixes(t *testing.T) {
	got := switchboard.InboundPrefixes([]string{"192.0.2.7", "192.0.2.77/24", "192.0.2.0/24", "2001:DB8::1/64", "not an address"})
	if want := []string{"192.0.2.7/32", "192.0.2.0/24", "2001:db8::/64"}; !slices.Equal(got, want) {
		t.Errorf("InboundPrefixes = %v, want %v", got, want)
	}
}

// FuzzInboundPrefixes: whatever an administrator lists, each index key
// is a masked prefix, and every address it holds searches for that key.
func FuzzInboundPrefixes(f *testing.F) {
	for _, s := range []string{"192.0.2.7", "192.0.2.77/24", "2001:db8::/64", "::ffff:192.0.2.1", "0.0.0.0/0", "fe80::1%eth0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, a string) {
		for _, k := range switchboard.InboundPrefixes([]string{a}) {
			p, err := netip.ParsePrefix(k)
			if err != nil || p.Masked() != p || p.String() != k {
				t.Fatalf("key %q of %q is not a masked prefix", k, a)
			}
			if ip := p.Addr(); !ip.Is4In6() && !slices.Contains(switchboard.PrefixesHolding(ip), k) {
				t.Fatalf("address %s of %q does not search for %q", ip, a, k)
			}
		}
	})
}

func TestPrefixesHolding(t *testing.T) {
	v4 := switchboard.PrefixesHolding(netip.MustParseAddr("::ffff:192.0.2.7"))
	if len(v4) != 33 || v4[0] != "192.0.2.7/32" || !slices.Contains(v4, "192.0.2.0/24") || v4[32] != "0.0.0.0/0" {
		t.Errorf("prefixes holding a mapped IPv4 address: %v", v4)
	}
	if v6 := switchboard.PrefixesHolding(netip.MustParseAddr("2001:db8::1")); len(v6) != 129 || !slices.Contains(v6, "2001:db8::/32") {
		t.Errorf("prefixes holding an IPv6 address: %d", len(v6))
	}
	if got := switchboard.PrefixesHolding(netip.Addr{}); len(got) != 0 {
		t.Errorf("prefixes holding no address: %v", got)
	}
}

func TestBestTrunkRegistration(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	reg := func(node, state string, expires, updated time.Duration) switchboard.TrunkRegistration {
		r := switchboard.TrunkRegistration{Node: node, State: state, UpdatedAt: now.Add(updated)}
		if state == switchboard.TrunkRegistered {
			r.ExpiresAt = now.Add(expires)
		}
		return r
	}
	for _, tc := range []struct {
		name        string
		rs          []switchboard.TrunkRegistration
		state, node string
		word        string
	}{
		{"none reported", nil, switchboard.TrunkRegistrationOff, "", ""},
		{"the live binding expiring last", []switchboard.TrunkRegistration{
			reg("a", switchboard.TrunkRegistered, time.Hour, -time.Minute), reg("b", switchboard.TrunkRegistered, 2*time.Hour, -time.Hour),
			reg("c", switchboard.TrunkRegistrationFailed, 0, 0)}, switchboard.TrunkRegistered, "b", ""},
		{"a live binding before a newer failure", []switchboard.TrunkRegistration{
			reg("a", switchboard.TrunkRegistrationFailed, 0, 0), reg("b", switchboard.TrunkRegistered, time.Minute, -time.Hour)},
			switchboard.TrunkRegistered, "b", ""},
		{"no live binding: the latest report", []switchboard.TrunkRegistration{
			reg("a", switchboard.TrunkRegistrationFailed, 0, -time.Hour), reg("b", switchboard.TrunkRegistrationOff, 0, -time.Minute)},
			switchboard.TrunkRegistrationOff, "b", ""},
		{"an expired binding", []switchboard.TrunkRegistration{
			reg("a", switchboard.TrunkRegistered, -time.Minute, -time.Hour), reg("b", switchboard.TrunkRegistrationFailed, 0, -2*time.Hour)},
			switchboard.TrunkRegistrationFailed, "a", "expired"},
	} {
		got := switchboard.BestTrunkRegistration(tc.rs, now)
		if got.State != tc.state || got.Node != tc.node || !strings.Contains(got.LastError, tc.word) {
			t.Errorf("%s: %+v; want %s of %q (%q)", tc.name, got, tc.state, tc.node, tc.word)
		}
	}
}
