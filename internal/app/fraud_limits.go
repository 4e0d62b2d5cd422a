package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// NumberPatch changes a number; absent fields stay.
type NumberPatch struct {
	// ChargeLimit is the number's TopStop in cents; 0 removes it.
	ChargeLimit *int64 `json:"charge_limit,omitempty"`
}

// UpdateNumber changes a customer's number: its charge limit (seed 004
// "TopStop ... au niveau du numéro de téléphone"). The limit a call must
// stay under is the lowest of its customer's, workplace's and number's
// (switchboard.ChargeLimits). Administrators of the customer only.
func (s *Service) UpdateNumber(ctx context.Context, p switchboard.Principal, customerID, number string, in NumberPatch) (*switchboard.Number, error) {
	e164, err := switchboard.CanonicalE164("number", number)
	if err != nil {
		return nil, err
	}
	if in.ChargeLimit != nil {
		if err := switchboard.ValidateChargeLimit("charge_limit", *in.ChargeLimit); err != nil {
			return nil, err
		}
	}
	var n *switchboard.Number
	err = s.update(ctx, p, func(tx switchboard.Tx, _ time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		if n, err = tx.Number(e164); err != nil {
			return audit{}, asNotFound(err, "number", e164)
		}
		if n.CustomerID != customerID {
			return audit{}, notFound("number", e164)
		}
		if in.ChargeLimit == nil {
			return audit{customer: customerID, action: "number.update", object: e164}, nil
		}
		n.ChargeLimit = *in.ChargeLimit
		if err := tx.SetNumberChargeLimit(e164, n.ChargeLimit); err != nil {
			return audit{}, fmt.Errorf("set charge limit: %w", err)
		}
		return audit{customer: customerID, action: "number.update", object: e164,
			detail: "charge_limit=" + strconv.FormatInt(n.ChargeLimit, 10)}, nil
	})
	return n, err
}
