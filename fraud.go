package switchboard

import (
	"net/netip"
	"time"
)

// Charge limits (seed 004 "TopStop"): a customer (the vPBX), a workplace
// (the account) and a number each may have one. An amount is an integer
// in the minor unit (cents) of the installation's one billing currency:
// the operator rates every call in it, so limits of different customers
// compare and add up without conversion. 0 means no limit at that level.
const (
	// NoChargeLimit is the amount that sets no limit.
	NoChargeLimit int64 = 0
	// MaxChargeLimit bounds an amount (ten million in major units), far
	// above any real limit and far below where sums could overflow.
	MaxChargeLimit int64 = 1_000_000_000
)

// ValidateChargeLimit checks an amount in minor units: 0 (no limit) up to
// MaxChargeLimit.
func ValidateChargeLimit(field string, v int64) error {
	if v < 0 || v > MaxChargeLimit {
		return FieldErrorf(field, "%s must be 0 (no limit) or a positive amount in cents up to %d", field, MaxChargeLimit)
	}
	return nil
}

// ChargeLimits are the limits that apply to one call: those of the
// customer, of the calling workplace and of the number it calls from.
type ChargeLimits struct {
	Customer  int64 `json:"customer"`
	Workplace int64 `json:"workplace"`
	Number    int64 `json:"number"`
}

// Effective returns the limit the call must stay under: the lowest of the
// levels that set one, NoChargeLimit when none does.
func (l ChargeLimits) Effective() int64 {
	out := NoChargeLimit
	for _, v := range []int64{l.Customer, l.Workplace, l.Number} {
		if v > 0 && (out == NoChargeLimit || v < out) {
			out = v
		}
	}
	return out
}

// LineBlocked says whether a device may not call the public network: a
// "line" (seed 004 "bloquer la ligne téléphonique") is blocked on the
// device itself or, as a workplace's line is shared by all its devices,
// on its workplace (nil for a free device). Internal calls stay allowed.
func LineBlocked(d *Device, w *Workplace) bool {
	return !d.BlockedAt.IsZero() || w != nil && !w.BlockedAt.IsZero()
}

// Fraud signal (seed 004, fraud; issue 14): one access key or SIP account
// used from two devices or two networks within FraudWindow is a sign its
// credentials leaked. At most one signal per device per FraudQuiet.
const (
	FraudWindow = 5 * time.Minute
	FraudQuiet  = time.Hour
)

// Sighting is one use of a device's credentials: a profile fetch with its
// access key (Via "provisioning") or a registration with its SIP account
// (Via "sip").
type Sighting struct {
	DeviceID string
	Via      string
	// MAC is the MAC the request showed (User-Agent, file name), empty
	// when it showed none; IP is the source address.
	MAC string
	IP  string
	At  time.Time
}

// Sighting sources.
const (
	ViaProvisioning = "provisioning"
	ViaSIP          = "sip"
)

// SameNetwork says whether two addresses are in one network as far as the
// fraud signal is concerned: the same IPv4 /24 or the same IPv6 /64, the
// sizes an access line usually gets, so a phone moving within its office
// network or a provider renumbering the host part raises nothing. An
// IPv4-mapped IPv6 address counts as IPv4; an address that does not parse
// matches only itself.
func SameNetwork(a, b string) bool {
	x, errX := netip.ParseAddr(a)
	y, errY := netip.ParseAddr(b)
	if errX != nil || errY != nil {
		return a == b
	}
	x, y = x.Unmap(), y.Unmap()
	if x.Is4() != y.Is4() {
		return false
	}
	bits := 64
	if x.Is4() {
		bits = 24
	}
	px, _ := x.Prefix(bits)
	py, _ := y.Prefix(bits)
	return px == py
}

// Suspicious says whether two sightings of the same device's credentials
// through the same path point at two devices: different MACs (both
// shown) or different networks, within FraudWindow of each other. One MAC
// shown on both over IPv4 and IPv6 is a dual-stack phone, not two.
func Suspicious(a, b Sighting) bool {
	if a.DeviceID != b.DeviceID || a.Via != b.Via {
		return false
	}
	gap := a.At.Sub(b.At)
	if gap < 0 {
		gap = -gap
	}
	if gap > FraudWindow {
		return false
	}
	if TwoMACs(a, b) {
		return true
	}
	if a.MAC != "" && a.MAC == b.MAC && family(a.IP) != family(b.IP) {
		return false
	}
	return !SameNetwork(a.IP, b.IP)
}

// Roams says whether devices of a kind legitimately change networks within
// minutes: soft clients on laptops and mobiles move between Wi-Fi and
// mobile data. For them only two MACs are a fraud signal, never two
// networks alone.
func Roams(k DeviceKind) bool {
	return k == KindMobileClient || k == KindDesktopClient || k == KindWebPhone
}

// TwoMACs says whether two sightings showed two different MACs.
func TwoMACs(a, b Sighting) bool {
	return a.MAC != "" && b.MAC != "" && a.MAC != b.MAC
}

// family is 4 or 6 for an address, 0 when it does not parse.
func family(ip string) int {
	a, err := netip.ParseAddr(ip)
	switch {
	case err != nil:
		return 0
	case a.Unmap().Is4():
		return 4
	}
	return 6
}
