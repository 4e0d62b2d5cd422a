package switchboard_test

import (
	"testing"
	"time"

	sb "github.com/switchboard-pbx/switchboard"
)

func TestValidateChargeLimit(t *testing.T) {
	for _, c := range []struct {
		in int64
		ok bool
	}{
		{0, true}, {1, true}, {50_000, true}, {sb.MaxChargeLimit, true},
		{-1, false}, {sb.MaxChargeLimit + 1, false},
	} {
		check(t, "charge limit", sb.ValidateChargeLimit("charge_limit", c.in), c.ok, "0 (no limit) or a positive amount in cents")
	}
}

func TestEffectiveChargeLimit(t *testing.T) {
	for _, c := range []struct {
		name   string
		limits sb.ChargeLimits
		want   int64
	}{
		{"none anywhere", sb.ChargeLimits{}, sb.NoChargeLimit},
		{"customer only", sb.ChargeLimits{Customer: 10_000}, 10_000},
		{"workplace only", sb.ChargeLimits{Workplace: 2_500}, 2_500},
		{"number only", sb.ChargeLimits{Number: 700}, 700},
		{"number below workplace below customer", sb.ChargeLimits{Customer: 10_000, Workplace: 5_000, Number: 1_000}, 1_000},
		{"customer lowest", sb.ChargeLimits{Customer: 300, Workplace: 5_000, Number: 1_000}, 300},
		{"workplace lowest, number unset", sb.ChargeLimits{Customer: 10_000, Workplace: 400}, 400},
		{"equal levels", sb.ChargeLimits{Customer: 900, Workplace: 900, Number: 900}, 900},
		{"smallest positive limit", sb.ChargeLimits{Customer: 1, Number: 5}, 1},
	} {
		if got := c.limits.Effective(); got != c.want {
			t.Errorf("%s: Effective() = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSameNetwork(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"192.0.2.10", "192.0.2.10", true},
		{"192.0.2.10", "192.0.2.254", true},
		{"192.0.2.10", "192.0.3.10", false},
		{"198.51.100.7", "203.0.113.7", false},
		{"::ffff:192.0.2.10", "192.0.2.99", true},
		{"2001:db8:1:2::10", "2001:db8:1:2:aaaa::1", true},
		{"2001:db8:1:2::10", "2001:db8:1:3::10", false},
		{"2001:db8::1", "192.0.2.1", false},
		{"", "", true},
		{"", "192.0.2.1", false},
		{"not-an-address", "not-an-address", true},
	} {
		if got := sb.SameNetwork(c.a, c.b); got != c.want {
			t.Errorf("SameNetwork(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestSuspicious(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	base := sb.Sighting{DeviceID: "dev_1", Via: sb.ViaSIP, MAC: "001565aabb01", IP: "192.0.2.10", At: t0}
	with := func(f func(*sb.Sighting)) sb.Sighting {
		s := base
		f(&s)
		return s
	}
	for _, c := range []struct {
		name  string
		other sb.Sighting
		want  bool
	}{
		{"same phone again", with(func(s *sb.Sighting) { s.At = t0.Add(time.Minute) }), false},
		{"same MAC, same /24, other port or host", with(func(s *sb.Sighting) { s.IP = "192.0.2.77" }), false},
		{"other MAC", with(func(s *sb.Sighting) { s.MAC = "001565aabb02"; s.At = t0.Add(2 * time.Minute) }), true},
		{"other network", with(func(s *sb.Sighting) { s.IP = "203.0.113.9"; s.At = t0.Add(4 * time.Minute) }), true},
		{"other network before the first", with(func(s *sb.Sighting) { s.IP = "203.0.113.9"; s.At = t0.Add(-time.Minute) }), true},
		{"MAC unknown, same network", with(func(s *sb.Sighting) { s.MAC = "" }), false},
		{"same MAC over IPv6 (dual stack)", with(func(s *sb.Sighting) { s.IP = "2001:db8:1:2::10" }), false},
		{"MAC unknown over IPv6", with(func(s *sb.Sighting) { s.MAC = ""; s.IP = "2001:db8:1:2::10" }), true},
		{"same MAC from another IPv4 network", with(func(s *sb.Sighting) { s.IP = "198.51.100.1" }), true},
		{"MAC unknown, other network", with(func(s *sb.Sighting) { s.MAC = ""; s.IP = "198.51.100.1" }), true},
		{"other network after the window", with(func(s *sb.Sighting) { s.IP = "203.0.113.9"; s.At = t0.Add(sb.FraudWindow + time.Second) }), false},
		{"other device", with(func(s *sb.Sighting) { s.DeviceID = "dev_2"; s.IP = "203.0.113.9" }), false},
		{"other path", with(func(s *sb.Sighting) { s.Via = sb.ViaProvisioning; s.IP = "203.0.113.9" }), false},
	} {
		if got := sb.Suspicious(base, c.other); got != c.want {
			t.Errorf("%s: Suspicious = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRoams(t *testing.T) {
	for k, want := range map[sb.DeviceKind]bool{
		sb.KindDeskPhone: false, sb.KindDECTBase: false, sb.KindDECTHandset: false, sb.KindAdapter: false,
		sb.KindUniversal: false, sb.KindDesktopClient: true, sb.KindMobileClient: true, sb.KindWebPhone: true,
	} {
		if got := sb.Roams(k); got != want {
			t.Errorf("Roams(%s) = %v, want %v", k, got, want)
		}
	}
}

func TestLineBlocked(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		device time.Time
		w      *sb.Workplace
		want   bool
	}{
		{"free device, open", time.Time{}, nil, false},
		{"free device, blocked", at, nil, true},
		{"open device of an open workplace", time.Time{}, &sb.Workplace{}, false},
		{"blocked device of an open workplace", at, &sb.Workplace{}, true},
		{"open device of a blocked workplace", time.Time{}, &sb.Workplace{BlockedAt: at}, true},
		{"both blocked", at, &sb.Workplace{BlockedAt: at}, true},
	} {
		if got := sb.LineBlocked(&sb.Device{BlockedAt: c.device}, c.w); got != c.want {
			t.Errorf("%s: LineBlocked = %v, want %v", c.name, got, c.want)
		}
	}
}
