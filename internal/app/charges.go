package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Charges is a customer's spending in one month next to its TopStops:
// what its administrators need to see why calls are refused and which
// limit to raise. Amounts are cents.
type Charges struct {
	CustomerID string `json:"customer"`
	// Month is the UTC calendar month, YYYY-MM.
	Month string `json:"month"`
	// Spent is the customer's whole spending; ChargeLimit its own limit
	// (0: none); Reached says the limit is reached and calls to the
	// public network are refused.
	Spent       int64 `json:"spent"`
	Calls       int64 `json:"calls"`
	ChargeLimit int64 `json:"charge_limit"`
	Reached     bool  `json:"reached"`
	// Workplaces and Numbers are the workplaces and caller numbers that
	// spent anything in the month, by ID and number.
	Workplaces []ChargeLine `json:"workplaces"`
	Numbers    []ChargeLine `json:"numbers"`
}

// ChargeLine is the spending of one workplace (ID) or number (E.164) in
// the month, with its own limit.
type ChargeLine struct {
	ID          string `json:"id"`
	Spent       int64  `json:"spent"`
	Calls       int64  `json:"calls"`
	ChargeLimit int64  `json:"charge_limit"`
	Reached     bool   `json:"reached"`
}

// Charges returns the customer's spending in month (YYYY-MM; empty: the
// current month) to its administrators and the operator.
func (s *Service) Charges(ctx context.Context, p switchboard.Principal, customerID, month string) (*Charges, error) {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return nil, err
	}
	if month == "" {
		month = switchboard.ChargeMonth(s.clock())
	}
	month, err := switchboard.ParseChargeMonth("month", month)
	if err != nil {
		return nil, err
	}
	out := &Charges{CustomerID: customerID, Month: month, Workplaces: []ChargeLine{}, Numbers: []ChargeLine{}}
	err = s.view(ctx, func(tx switchboard.Tx) error {
		c, err := tx.Customer(customerID)
		if err != nil {
			return asNotFound(err, "customer", customerID)
		}
		out.ChargeLimit = c.ChargeLimit
		sums, err := tx.ChargeSums(customerID, month)
		if err != nil {
			return err
		}
		for _, sum := range sums {
			if err := out.add(tx, sum); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// add puts one sum where it belongs, with the limit of its level.
func (c *Charges) add(tx switchboard.Tx, sum switchboard.ChargeSum) error {
	line := ChargeLine{ID: sum.Subject, Spent: sum.Cents, Calls: sum.Calls}
	switch sum.Level {
	case switchboard.LevelCustomer:
		c.Spent, c.Calls = sum.Cents, sum.Calls
		c.Reached = reached(c.Spent, c.ChargeLimit)
		return nil
	case switchboard.LevelWorkplace:
		w, err := tx.Workplace(sum.Subject)
		if err == nil {
			line.ChargeLimit = w.ChargeLimit
		} else if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		line.Reached = reached(line.Spent, line.ChargeLimit)
		c.Workplaces = append(c.Workplaces, line)
	case switchboard.LevelNumber:
		n, err := tx.Number(sum.Subject)
		if err == nil && n.CustomerID == c.CustomerID {
			line.ChargeLimit = n.ChargeLimit
		} else if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		line.Reached = reached(line.Spent, line.ChargeLimit)
		c.Numbers = append(c.Numbers, line)
	}
	return nil
}

// reached says whether spending has reached a limit that is set.
func reached(spent, limit int64) bool { return limit > switchboard.NoChargeLimit && spent >= limit }
