package sqlstore

import (
	"github.com/switchboard-pbx/switchboard"
)

const trunkCols = `id, customer_id, name, proxy, transport, domain, username, auth_username, password, register,
	inbound_addresses, caller_id, created_at, updated_at`

// trunkUnique explains a second trunk of one name.
var trunkUnique = unique{
	"trunks_name": "the customer already has a trunk of this name; choose another name",
}

func (t *tx) scanTrunk(s Row) (*switchboard.Trunk, error) {
	tr := &switchboard.Trunk{}
	err := s.Scan(&tr.ID, &tr.CustomerID, &tr.Name, &tr.Proxy, &tr.Transport, &tr.Domain, &tr.Username,
		&tr.AuthUsername, t.secret(&tr.Password), &tr.Register, listCol[string]{&tr.InboundAddresses},
		&tr.CallerID, timeCol{&tr.CreatedAt}, timeCol{&tr.UpdatedAt})
	return tr, err
}

// trunkArgs encodes the inbound addresses and seals the password of tr.
func (t *tx) trunkArgs(tr *switchboard.Trunk) (addrs string, password any, err error) {
	addrs, err = encList(tr.InboundAddresses)
	if err != nil {
		return "", nil, err
	}
	sealed, err := t.seal(tr.Password)
	if err != nil {
		return "", nil, err
	}
	return addrs, sealed[0], nil
}

// CreateTrunk inserts tr with its password sealed.
func (t *tx) CreateTrunk(tr *switchboard.Trunk) error {
	addrs, password, err := t.trunkArgs(tr)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO trunks (`+trunkCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tr.ID, tr.CustomerID, tr.Name, tr.Proxy, tr.Transport, tr.Domain, tr.Username, tr.AuthUsername, password,
		tr.Register, addrs, tr.CallerID, t.time(tr.CreatedAt), t.time(tr.UpdatedAt))
	if err != nil {
		return t.refused(err, "trunk", "trunks", tr.ID, trunkUnique, customerRef(tr.CustomerID))
	}
	return t.putTrunkAddresses(tr)
}

// Trunk returns the trunk with id, password opened.
func (t *tx) Trunk(id string) (*switchboard.Trunk, error) {
	return one(t, `SELECT `+trunkCols+` FROM trunks WHERE id = ?`, []any{id}, t.scanTrunk, "trunk", id)
}

// UpdateTrunk writes every field of tr but its customer and creation time.
func (t *tx) UpdateTrunk(tr *switchboard.Trunk) error {
	addrs, password, err := t.trunkArgs(tr)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE trunks SET name = ?, proxy = ?, transport = ?, domain = ?, username = ?, auth_username = ?,
		password = ?, register = ?, inbound_addresses = ?, caller_id = ?, updated_at = ? WHERE id = ?`,
		tr.Name, tr.Proxy, tr.Transport, tr.Domain, tr.Username, tr.AuthUsername, password, tr.Register, addrs,
		tr.CallerID, t.time(tr.UpdatedAt), tr.ID)
	if err != nil {
		return t.refused(err, "trunk", "trunks", tr.ID, trunkUnique)
	}
	if err := affected(n, "trunk", tr.ID); err != nil {
		return err
	}
	return t.putTrunkAddresses(tr)
}

// DeleteTrunk removes the trunk; nothing refers to it.
func (t *tx) DeleteTrunk(id string) error {
	return t.deleteRecord("trunk", "trunks", id, "trunk %q is still in use")
}

// Trunks lists a customer's trunks (all customers' when empty) in id order.
func (t *tx) Trunks(customerID string, p switchboard.Page) ([]*switchboard.Trunk, string, error) {
	return list(t, trunkCols, "trunks", "id", filter{}.eq("customer_id", customerID), p, t.scanTrunk,
		func(tr *switchboard.Trunk) string { return tr.ID })
}
