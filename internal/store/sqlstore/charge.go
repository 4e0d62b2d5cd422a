package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// AddCharge records c.CallID as charged and adds c to its levels' sums;
// a call charged before changes nothing.
func (t *tx) AddCharge(c switchboard.Charge) (switchboard.Spending, bool, error) {
	n, err := t.exec(`INSERT INTO charged_calls (call_id, customer_id, month, cents) VALUES (?, ?, ?, ?)
		ON CONFLICT (call_id) DO NOTHING`, c.CallID, c.CustomerID, c.Month, c.Cents)
	if err != nil {
		return switchboard.Spending{}, false, t.refused(err, "charged call", "charged_calls", c.CallID, nil, customerRef(c.CustomerID))
	}
	if n == 0 {
		s, err := t.Spending(c.Month, c.CustomerID, c.WorkplaceID, c.Number)
		return s, false, err
	}
	for _, l := range chargeLevels(c.CustomerID, c.WorkplaceID, c.Number) {
		if _, err := t.exec(`INSERT INTO charge_sums (customer_id, month, level, subject, cents, calls) VALUES (?, ?, ?, ?, ?, 1)
			ON CONFLICT (customer_id, month, level, subject) DO UPDATE SET cents = charge_sums.cents + excluded.cents,
			calls = charge_sums.calls + 1`, c.CustomerID, c.Month, l.level, l.subject, c.Cents); err != nil {
			return switchboard.Spending{}, false, fmt.Errorf("add charge of call %s to %s %s: %w", c.CallID, l.level, l.subject, err)
		}
	}
	s, err := t.Spending(c.Month, c.CustomerID, c.WorkplaceID, c.Number)
	return s, true, err
}

// chargeLevel names one sum a charge adds to.
type chargeLevel struct{ level, subject string }

// chargeLevels are the sums of a call: its customer's, its workplace's
// and, when it showed one, its number's.
func chargeLevels(customerID, workplaceID, number string) []chargeLevel {
	out := []chargeLevel{{switchboard.LevelCustomer, customerID}, {switchboard.LevelWorkplace, workplaceID}}
	if number != "" {
		out = append(out, chargeLevel{switchboard.LevelNumber, number})
	}
	return out
}

// Spending reads the month's sums of the three levels in one query.
func (t *tx) Spending(month, customerID, workplaceID, number string) (switchboard.Spending, error) {
	var s switchboard.Spending
	rows, err := t.query(`SELECT level, cents FROM charge_sums WHERE customer_id = ? AND month = ?
		AND (level = ? AND subject = ? OR level = ? AND subject = ? OR level = ? AND subject = ?)`,
		customerID, month, switchboard.LevelCustomer, customerID, switchboard.LevelWorkplace, workplaceID,
		switchboard.LevelNumber, number)
	if err != nil {
		return s, fmt.Errorf("spending of %s in %s: %w", customerID, month, err)
	}
	defer rows.Close()
	into := map[string]*int64{switchboard.LevelCustomer: &s.Customer, switchboard.LevelWorkplace: &s.Workplace,
		switchboard.LevelNumber: &s.Number}
	for rows.Next() {
		var level string
		var cents int64
		if err := rows.Scan(&level, &cents); err != nil {
			return s, fmt.Errorf("spending of %s in %s: %w", customerID, month, err)
		}
		*into[level] = cents
	}
	return s, rows.Err()
}

// ChargeSums lists the customer's sums of the month: its own first, then
// workplaces, then numbers, each by subject.
func (t *tx) ChargeSums(customerID, month string) ([]switchboard.ChargeSum, error) {
	rows, err := t.query(`SELECT level, subject, cents, calls FROM charge_sums WHERE customer_id = ? AND month = ?
		ORDER BY CASE level WHEN ? THEN 0 WHEN ? THEN 1 ELSE 2 END, subject`,
		customerID, month, switchboard.LevelCustomer, switchboard.LevelWorkplace)
	if err != nil {
		return nil, fmt.Errorf("charges of %s in %s: %w", customerID, month, err)
	}
	defer rows.Close()
	out := []switchboard.ChargeSum{}
	for rows.Next() {
		var s switchboard.ChargeSum
		if err := rows.Scan(&s.Level, &s.Subject, &s.Cents, &s.Calls); err != nil {
			return nil, fmt.Errorf("charges of %s in %s: %w", customerID, month, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// MarkLimitReached sets the sum's limit_reached_at unless it is set; a
// level without a row yet gets one with nothing spent.
func (t *tx) MarkLimitReached(customerID, month, level, subject string, at time.Time) (bool, error) {
	n, err := t.exec(`INSERT INTO charge_sums (customer_id, month, level, subject, cents, calls, limit_reached_at)
		VALUES (?, ?, ?, ?, 0, 0, ?)
		ON CONFLICT (customer_id, month, level, subject) DO UPDATE SET limit_reached_at = excluded.limit_reached_at
		WHERE charge_sums.limit_reached_at IS NULL`, customerID, month, level, subject, t.time(at))
	if err != nil {
		return false, t.refused(err, "charge sum", "charge_sums", subject, nil, customerRef(customerID))
	}
	return n > 0, nil
}
