package switchboard

import (
	"fmt"
	"time"
)

// Spending and TopStop (seed 004, issue 16): every answered call to the
// public network adds its cost (Tariff) to the month's spending of its
// customer, of the calling workplace and of the number shown as caller;
// once one of them has reached its own ChargeLimit, further calls to the
// public network are refused until the month ends or an administrator
// raises the limit. Internal calls and the voicemail stay free.

// Charge levels: whose spending and limit a sum belongs to.
const (
	LevelCustomer  = "customer"
	LevelWorkplace = "workplace"
	LevelNumber    = "number"
)

// ChargeMonth is the billing month of t, "YYYY-MM" of the UTC calendar.
func ChargeMonth(t time.Time) string { return t.UTC().Format("2006-01") }

// ParseChargeMonth checks a month given by a client ("YYYY-MM").
func ParseChargeMonth(field, v string) (string, error) {
	t, err := time.Parse("2006-01", v)
	if err != nil {
		return "", FieldErrorf(field, "%s must be a month written YYYY-MM", field)
	}
	return ChargeMonth(t), nil
}

// FormatCents writes an amount in minor units with two decimals, as
// people read money: 5000 is "50.00".
func FormatCents(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// Charge is the cost of one answered call to the public network.
type Charge struct {
	// CallID is the caller's Call.ID: a call is charged once.
	CallID      string
	Month       string
	CustomerID  string
	WorkplaceID string
	// Number is the E.164 number shown as caller; empty when there was
	// none (then no number's spending grows).
	Number string
	Cents  int64
}

// Spending is what one call's levels spent in a month, in cents.
type Spending struct {
	Customer  int64 `json:"customer"`
	Workplace int64 `json:"workplace"`
	Number    int64 `json:"number"`
}

// TopStopHit is a level that has reached its limit.
type TopStopHit struct {
	Level string
	// Subject is the customer's or workplace's ID, or the number.
	Subject string
	Spent   int64
	Limit   int64
}

// Error is the refusal of a call for the hit: what was reached and what an
// administrator can do.
func (h TopStopHit) Error() *Error {
	return Errorf(EFORBIDDEN, "TopStop of the %s reached: %s of %s this month; an administrator can raise the limit",
		h.Level, FormatCents(h.Spent), FormatCents(h.Limit))
}

// TopStopHits returns the levels whose spending has reached their own
// limit (each level against its own, a level without a limit never),
// customer first, then workplace, then number.
func TopStopHits(limits ChargeLimits, spent Spending, customerID, workplaceID, number string) []TopStopHit {
	var out []TopStopHit
	for _, l := range []TopStopHit{
		{LevelCustomer, customerID, spent.Customer, limits.Customer},
		{LevelWorkplace, workplaceID, spent.Workplace, limits.Workplace},
		{LevelNumber, number, spent.Number, limits.Number},
	} {
		if l.Limit > NoChargeLimit && l.Subject != "" && l.Spent >= l.Limit {
			out = append(out, l)
		}
	}
	return out
}

// ChargeSum is one level's spending in a month.
type ChargeSum struct {
	Level   string `json:"level"`
	Subject string `json:"subject"`
	Cents   int64  `json:"cents"`
	Calls   int64  `json:"calls"`
}

// ChargeTx keeps the months' spending.
type ChargeTx interface {
	// AddCharge adds c to the spending of its customer, workplace and
	// number in c.Month and returns the new sums; added is false (and
	// nothing changes) when c.CallID was charged before.
	AddCharge(c Charge) (spent Spending, added bool, err error)
	// Spending returns the month's sums of a customer, one of its
	// workplaces and one of its numbers (0 for anything not charged;
	// number may be empty).
	Spending(month, customerID, workplaceID, number string) (Spending, error)
	// ChargeSums lists every sum of the customer's month: the customer's
	// own, then its workplaces' and numbers' by subject.
	ChargeSums(customerID, month string) ([]ChargeSum, error)
	// MarkLimitReached notes that a level reached its limit in the month
	// and says whether that is news (false when it was noted before).
	MarkLimitReached(customerID, month, level, subject string, at time.Time) (bool, error)
}
