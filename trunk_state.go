package switchboard

import (
	"net/netip"
	"time"
)

// TrunkStateTx finds the trunk of an incoming call by its source address
// from an index the store keeps in the transaction of every trunk write
// (so every node finds the same trunk the moment a change commits), and
// keeps every node's registration at each trunk (issue 16).
type TrunkStateTx interface {
	// TrunksByAddress returns the trunks, passwords included, whose
	// inbound addresses hold ip (InboundPrefixes), in id order; none is
	// no error.
	TrunksByAddress(ip netip.Addr) ([]*Trunk, error)
	// PutTrunkRegistration inserts or replaces the state of r.Node's
	// registration at the trunk, stamped r.UpdatedAt; ENOTFOUND for a
	// trunk that does not exist.
	PutTrunkRegistration(trunkID string, r TrunkRegistration) error
	// TrunkRegistrations returns every node's state at the trunk, by
	// node; none when no node reported one.
	TrunkRegistrations(trunkID string) ([]TrunkRegistration, error)
}

// InboundPrefixes are a trunk's inbound addresses in the one form the
// index holds: each a masked prefix, a single address as a full-length
// one ("192.0.2.7/32"). Entries Validate would refuse are left out.
func InboundPrefixes(addrs []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, a := range addrs {
		p, err := ParseAddressOrPrefix(a)
		if err != nil || seen[p.String()] {
			continue
		}
		seen[p.String()] = true
		out = append(out, p.String())
	}
	return out
}

// PrefixesHolding are the index keys of every prefix that holds ip: one
// per prefix length, 33 for IPv4 and 129 for IPv6. An IPv4 address
// mapped into IPv6 is taken as IPv4, as calls arrive on dual-stack
// sockets.
func PrefixesHolding(ip netip.Addr) []string {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return nil
	}
	out := make([]string, 0, ip.BitLen()+1)
	for bits := ip.BitLen(); bits >= 0; bits-- {
		p, _ := ip.Prefix(bits)
		out = append(out, p.String())
	}
	return out
}

// BestTrunkRegistration is the state to show of the nodes' registrations
// at a trunk: a live binding (registered and not yet expired at now) with
// the latest expiry, else the most recent report, else off. A registered
// report that expired (its node stopped refreshing it, e.g. the node is
// gone) shows as failed, since the trunk has dropped that binding.
func BestTrunkRegistration(rs []TrunkRegistration, now time.Time) TrunkRegistration {
	var best *TrunkRegistration
	for i := range rs {
		r := &rs[i]
		if r.State == TrunkRegistered && r.ExpiresAt.After(now) && (best == nil || r.ExpiresAt.After(best.ExpiresAt)) {
			best = r
		}
	}
	if best != nil {
		return *best
	}
	for i := range rs {
		if r := &rs[i]; best == nil || r.UpdatedAt.After(best.UpdatedAt) {
			best = r
		}
	}
	if best == nil {
		return TrunkRegistration{State: TrunkRegistrationOff}
	}
	out := *best
	if out.State == TrunkRegistered {
		out.State = TrunkRegistrationFailed
		out.LastError = "the binding of node " + out.Node + " expired at " + out.ExpiresAt.UTC().Format(time.RFC3339) + " without a refresh"
	}
	return out
}
