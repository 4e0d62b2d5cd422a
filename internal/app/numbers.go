package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// NumbersInput adds public numbers to a customer.
type NumbersInput struct {
	Numbers []string `json:"numbers"`
}

// AddNumbers gives a customer a list of E.164 numbers, canonicalised. All or
// nothing: one malformed, repeated or taken number adds none.
func (s *Service) AddNumbers(ctx context.Context, p switchboard.Principal, customerID string, in NumbersInput) ([]*switchboard.Number, error) {
	if len(in.Numbers) == 0 {
		return nil, switchboard.FieldErrorf("numbers", "give at least one number")
	}
	canon := make([]string, 0, len(in.Numbers))
	seen := map[string]bool{}
	for i, raw := range in.Numbers {
		n, err := switchboard.CanonicalE164(fmt.Sprintf("numbers[%d]", i), raw)
		if err != nil {
			return nil, err
		}
		if seen[n] {
			return nil, switchboard.FieldErrorf(fmt.Sprintf("numbers[%d]", i), "number %s is given twice", n)
		}
		seen[n] = true
		canon = append(canon, n)
	}
	var out []*switchboard.Number
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		for i, e164 := range canon {
			if _, err := tx.Number(e164); err == nil {
				return audit{}, &switchboard.Error{Code: switchboard.ECONFLICT, Field: fmt.Sprintf("numbers[%d]", i),
					Message: fmt.Sprintf("number %s is already in use; no numbers were added", e164)}
			} else if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				return audit{}, err
			}
			n := &switchboard.Number{E164: e164, CustomerID: customerID, CreatedAt: now}
			if err := tx.CreateNumber(n); err != nil {
				return audit{}, fmt.Errorf("add number %s: %w", e164, err)
			}
			out = append(out, n)
		}
		return audit{customer: customerID, action: "numbers.add", object: customerID, detail: strings.Join(canon, ",")}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Numbers lists a customer's numbers; free lists only unassigned ones.
func (s *Service) Numbers(ctx context.Context, p switchboard.Principal, customerID string, free bool, page switchboard.Page) ([]*switchboard.Number, string, error) {
	return s.SearchNumbers(ctx, p, customerID, "", free, page)
}

// DeleteNumber removes an unassigned number from a customer.
func (s *Service) DeleteNumber(ctx context.Context, p switchboard.Principal, customerID, number string) error {
	e164, err := switchboard.CanonicalE164("number", number)
	if err != nil {
		return err
	}
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		n, err := tx.Number(e164)
		if err != nil {
			return audit{}, asNotFound(err, "number", e164)
		}
		if n.CustomerID != customerID {
			return audit{}, notFound("number", e164)
		}
		if n.WorkplaceID != "" {
			return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "number %s is assigned to a workplace; remove it there first", e164)
		}
		if err := tx.DeleteNumber(e164); err != nil {
			return audit{}, err
		}
		return audit{customer: customerID, action: "number.delete", object: e164}, nil
	})
}
