package storetest

import (
	"net/netip"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testTrunkAddresses checks the index of trunk addresses: the trunks
// holding a source address in id order, passwords included, prefixes
// masked, IPv4 mapped into IPv6 taken as IPv4, and the index following
// every update and deletion in the trunk's own transaction.
func testTrunkAddresses(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	newTrunk := func(id string, c *switchboard.Customer, addrs ...string) *switchboard.Trunk {
		return &switchboard.Trunk{ID: id, CustomerID: c.ID, Name: id, Proxy: "sip.carrier.example", Transport: "udp",
			Password: "pw-" + id, InboundAddresses: addrs, CreatedAt: utc(at), UpdatedAt: utc(at)}
	}
	a := newTrunk("trk_1", w.c1, "192.0.2.10", "198.51.100.0/24", "2001:DB8::/64")
	b := newTrunk("trk_2", w.c1, "192.0.2.77/24")
	other := newTrunk("trk_3", w.c2, "198.51.100.0/24")
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateTrunk, other, b, a) })
	holding := func(what string, ip string, want ...string) {
		t.Helper()
		view(t, s, func(tx switchboard.Tx) error {
			ts, err := tx.TrunksByAddress(netip.MustParseAddr(ip))
			wantKeys(t, what, keys(ts, func(tr *switchboard.Trunk) string { return tr.ID + " " + tr.Password }), err, want)
			return nil
		})
	}
	holding("an address and a prefix written unmasked", "192.0.2.10", "trk_1 pw-trk_1", "trk_2 pw-trk_2")
	holding("IPv4 mapped into IPv6", "::ffff:192.0.2.10", "trk_1 pw-trk_1", "trk_2 pw-trk_2")
	holding("a prefix of two customers", "198.51.100.200", "trk_1 pw-trk_1", "trk_3 pw-trk_3")
	holding("IPv6 in a prefix written in capitals", "2001:db8::ffff:5", "trk_1 pw-trk_1")
	holding("IPv6 outside the prefix", "2001:db8:0:1::5")
	holding("no trunk's", "203.0.113.1")

	a.InboundAddresses = []string{"203.0.113.1"}
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateTrunk(a) })
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteTrunk(other.ID) })
	holding("after the update", "203.0.113.1", "trk_1 pw-trk_1")
	holding("an address no longer listed", "192.0.2.10", "trk_2 pw-trk_2")
	holding("a deleted trunk's", "198.51.100.200")
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateTrunk(newTrunk("trk_none", w.c1, "192.0.2.1")) }),
		switchboard.ENOTFOUND, "trk_none")
	holding("a failed update's", "192.0.2.1", "trk_2 pw-trk_2")
}

// testTrunkRegistrations checks the nodes' registration states: one per
// node and trunk, replaced by the node's next report, listed by node,
// ENOTFOUND for a trunk that does not exist, gone with the trunk.
func testTrunkRegistrations(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	tr := &switchboard.Trunk{ID: "trk_1", CustomerID: w.c1.ID, Name: "carrier", Proxy: "sip.carrier.example", Transport: "udp",
		Register: true, Username: "u", CreatedAt: utc(at), UpdatedAt: utc(at)}
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateTrunk(tr) })
	n2 := switchboard.TrunkRegistration{State: switchboard.TrunkRegistered, ExpiresAt: utc(later), Node: "node-b", UpdatedAt: utc(at)}
	n1 := switchboard.TrunkRegistration{State: switchboard.TrunkRegistrationFailed, LastError: "408 Request Timeout", Node: "node-a", UpdatedAt: utc(at)}
	put := func(rs ...switchboard.TrunkRegistration) {
		t.Helper()
		update(t, s, func(tx switchboard.Tx) error {
			for _, r := range rs {
				if err := tx.PutTrunkRegistration(tr.ID, r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	read := func(what string, want []switchboard.TrunkRegistration) {
		t.Helper()
		view(t, s, func(tx switchboard.Tx) error {
			got, err := tx.TrunkRegistrations(tr.ID)
			if err != nil {
				t.Fatalf("TrunkRegistrations: %v", err)
			}
			same(t, what, got, want)
			return nil
		})
	}
	put(n2, n1)
	read("two nodes", []switchboard.TrunkRegistration{n1, n2})
	n1 = switchboard.TrunkRegistration{State: switchboard.TrunkRegistered, ExpiresAt: utc(later), Node: "node-a", UpdatedAt: utc(later)}
	put(n1)
	read("a node's next report", []switchboard.TrunkRegistration{n1, n2})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.PutTrunkRegistration("trk_none", n1) }), switchboard.ENOTFOUND, "trk_none")
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteTrunk(tr.ID) })
	read("a deleted trunk's", []switchboard.TrunkRegistration{})
}
