package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const numberCols = `e164, customer_id, workplace_id, created_at, charge_limit`

func scanNumber(s Row) (*switchboard.Number, error) {
	n := &switchboard.Number{}
	err := s.Scan(&n.E164, &n.CustomerID, strCol{&n.WorkplaceID}, timeCol{&n.CreatedAt}, &n.ChargeLimit)
	return n, err
}

// CreateNumber inserts n; ECONFLICT if the number exists for any customer.
func (t *tx) CreateNumber(n *switchboard.Number) error {
	_, err := t.exec(`INSERT INTO numbers (`+numberCols+`) VALUES (?, ?, ?, ?, ?)`,
		n.E164, n.CustomerID, nullable(n.WorkplaceID), t.time(n.CreatedAt), n.ChargeLimit)
	if err != nil {
		return t.refused(err, "number", "numbers", n.E164, unique{"numbers_pkey": fmt.Sprintf("number %s already exists", n.E164)},
			customerRef(n.CustomerID), workplaceRef(n.CustomerID, n.WorkplaceID))
	}
	return nil
}

// Number returns the number e164.
func (t *tx) Number(e164 string) (*switchboard.Number, error) {
	return one(t, `SELECT `+numberCols+` FROM numbers WHERE e164 = ?`, []any{e164}, scanNumber, "number", e164)
}

// AssignNumber gives the free number e164 of the customer to the workplace
// with one conditional UPDATE, so two concurrent assignments cannot both
// win. Assigning a number to the workplace that already has it is a no-op.
func (t *tx) AssignNumber(customerID, e164, workplaceID string) error {
	if err := t.present(workplaceRef(customerID, workplaceID)); err != nil {
		return err
	}
	n, err := t.exec(`UPDATE numbers SET workplace_id = ? WHERE e164 = ? AND customer_id = ? AND workplace_id IS NULL`,
		workplaceID, e164, customerID)
	if err != nil {
		return fmt.Errorf("assign number %s: %w", e164, err)
	}
	if n == 1 {
		return nil
	}
	var holder *string
	err = t.queryRow(`SELECT workplace_id FROM numbers WHERE e164 = ? AND customer_id = ?`, e164, customerID).Scan(&holder)
	if err != nil {
		return noRow(err, "number", e164)
	}
	if holder != nil && *holder == workplaceID {
		return nil
	}
	return conflictf("number %s is already assigned to another workplace", e164)
}

// ReleaseNumbers frees every number of the workplace.
func (t *tx) ReleaseNumbers(workplaceID string) error {
	if _, err := t.exec(`UPDATE numbers SET workplace_id = NULL WHERE workplace_id = ?`, workplaceID); err != nil {
		return fmt.Errorf("release numbers of %s: %w", workplaceID, err)
	}
	return nil
}

// DeleteNumber deletes a free number; ECONFLICT while it is assigned.
func (t *tx) DeleteNumber(e164 string) error {
	n, err := t.exec(`DELETE FROM numbers WHERE e164 = ? AND workplace_id IS NULL`, e164)
	if err != nil {
		return fmt.Errorf("delete number %s: %w", e164, err)
	}
	if n == 1 {
		return nil
	}
	var holder string
	err = t.queryRow(`SELECT workplace_id FROM numbers WHERE e164 = ?`, e164).Scan(strCol{&holder})
	if err != nil {
		return noRow(err, "number", e164)
	}
	return conflictf("number %s is still assigned to workplace %q; release it first", e164, holder)
}

// Numbers lists numbers in number order, narrowed by f.
func (t *tx) Numbers(f switchboard.NumberFilter, p switchboard.Page) ([]*switchboard.Number, string, error) {
	w := filter{}.eq("customer_id", f.CustomerID).eq("workplace_id", f.WorkplaceID).matching(f.Text, numberMatches(f.Text)...)
	if f.FreeOnly {
		w.where = append(w.where, "workplace_id IS NULL")
	}
	return list(t, numberCols, "numbers", "e164", w, p, scanNumber, func(n *switchboard.Number) string { return n.E164 })
}
