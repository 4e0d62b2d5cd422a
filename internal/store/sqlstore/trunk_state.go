package sqlstore

import (
	"fmt"
	"net/netip"

	"github.com/switchboard-pbx/switchboard"
)

// putTrunkAddresses replaces the index rows of tr's inbound addresses, in
// the transaction that writes tr.
func (t *tx) putTrunkAddresses(tr *switchboard.Trunk) error {
	if _, err := t.exec(`DELETE FROM trunk_addresses WHERE trunk_id = ?`, tr.ID); err != nil {
		return fmt.Errorf("index addresses of trunk %s: %w", tr.ID, err)
	}
	for _, p := range switchboard.InboundPrefixes(tr.InboundAddresses) {
		if _, err := t.exec(`INSERT INTO trunk_addresses (prefix, trunk_id) VALUES (?, ?)`, p, tr.ID); err != nil {
			return fmt.Errorf("index address %s of trunk %s: %w", p, tr.ID, err)
		}
	}
	return nil
}

// trunksByPrefixes selects the trunks with an index row of any of n
// prefixes, in id order.
func trunksByPrefixes(n int) string {
	return `SELECT ` + trunkCols + ` FROM trunks WHERE id IN
		(SELECT trunk_id FROM trunk_addresses WHERE prefix IN (` + placeholders(n) + `)) ORDER BY id`
}

// prefixArgs are the index keys of ip as query arguments.
func prefixArgs(ip netip.Addr) []any {
	keys := switchboard.PrefixesHolding(ip)
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	return args
}

// TrunksByAddress searches the index for every prefix holding ip.
func (t *tx) TrunksByAddress(ip netip.Addr) ([]*switchboard.Trunk, error) {
	args := prefixArgs(ip)
	if len(args) == 0 {
		return []*switchboard.Trunk{}, nil
	}
	out, err := all(t, trunksByPrefixes(len(args)), args, t.scanTrunk)
	if err != nil {
		return nil, fmt.Errorf("trunks sending from %s: %w", ip, err)
	}
	return out, nil
}

// PutTrunkRegistration upserts one node's state at an existing trunk.
func (t *tx) PutTrunkRegistration(trunkID string, r switchboard.TrunkRegistration) error {
	n, err := t.exec(`INSERT INTO trunk_registrations (trunk_id, node, state, expires_at, last_error, updated_at)
		SELECT id, ?, ?, ?, ?, ? FROM trunks WHERE id = ?
		ON CONFLICT (trunk_id, node) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at,
		last_error = excluded.last_error, updated_at = excluded.updated_at`,
		r.Node, r.State, t.time(r.ExpiresAt), r.LastError, t.time(r.UpdatedAt), trunkID)
	if err != nil {
		return fmt.Errorf("registration of node %s at trunk %s: %w", r.Node, trunkID, err)
	}
	return affected(n, "trunk", trunkID)
}

// TrunkRegistrations reads every node's state at the trunk.
func (t *tx) TrunkRegistrations(trunkID string) ([]switchboard.TrunkRegistration, error) {
	out, err := all(t, `SELECT node, state, expires_at, last_error, updated_at FROM trunk_registrations
		WHERE trunk_id = ? ORDER BY node`, []any{trunkID}, func(s Row) (switchboard.TrunkRegistration, error) {
		var r switchboard.TrunkRegistration
		err := s.Scan(&r.Node, &r.State, timeCol{&r.ExpiresAt}, &r.LastError, timeCol{&r.UpdatedAt})
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("registrations at trunk %s: %w", trunkID, err)
	}
	return out, nil
}

// trunkByAddress is the Lookup of every INVITE from outside: the prefixes
// holding an IPv4 address, searched in the index of trunk addresses.
func trunkByAddress() Lookup {
	args := prefixArgs(netip.MustParseAddr("192.0.2.7"))
	return Lookup{trunksByPrefixes(len(args)), "trunk_addresses", []string{"prefix", "trunk_id"}, args}
}
