package sqlstore

import "fmt"

// SetNumberChargeLimit writes a number's charge limit alone, so it never
// races an assignment of the number.
func (t *tx) SetNumberChargeLimit(e164 string, limit int64) error {
	n, err := t.exec(`UPDATE numbers SET charge_limit = ? WHERE e164 = ?`, limit, e164)
	if err != nil {
		return fmt.Errorf("set charge limit of number %s: %w", e164, err)
	}
	return affected(n, "number", e164)
}
