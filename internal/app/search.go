package app

import (
	"context"
	"strings"
	"unicode/utf8"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// searchText is a search box's text without its surrounding spaces; a
// text longer than maxSearchText, or one no record can hold (not UTF-8, or
// with a NUL, which PostgreSQL refuses as a parameter), is refused at the
// box, named q.
func searchText(text string) (string, error) {
	switch {
	case utf8.RuneCountInString(text) > maxSearchText:
		return "", switchboard.FieldErrorf("q", "a search text has at most %d characters", maxSearchText)
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
		return "", switchboard.FieldErrorf("q", "a search text is UTF-8 text without NUL characters")
	}
	return strings.TrimSpace(text), nil
}

// SearchDevices lists a customer's devices, linked or free, narrowed
// to those whose description, MAC, model or SIP username contain text,
// ignoring case; an empty text lists them all.
func (s *Service) SearchDevices(ctx context.Context, p switchboard.Principal, customerID, text string, page switchboard.Page) ([]*DeviceView, string, error) {
	text, err := searchText(text)
	if err != nil {
		return nil, "", err
	}
	return s.devices(ctx, page, switchboard.DeviceFilter{CustomerID: customerID, Text: text}, func(tx switchboard.Tx) error {
		_, err := s.customerFor(tx, p, customerID)
		return err
	})
}

// SearchWorkplaces lists a customer's workplaces like Workplaces,
// narrowed to those whose name, username, extension or numbers contain
// text, ignoring case.
func (s *Service) SearchWorkplaces(ctx context.Context, p switchboard.Principal, customerID, text string, page switchboard.Page) ([]*switchboard.Workplace, string, error) {
	text, err := searchText(text)
	if err != nil {
		return nil, "", err
	}
	return s.workplaceList(ctx, p, customerID, func(tx switchboard.Tx) ([]*switchboard.Workplace, string, error) {
		return tx.SearchWorkplaces(switchboard.WorkplaceSearch{CustomerID: customerID, Text: text}, page)
	})
}

// SearchNumbers lists a customer's numbers like Numbers, narrowed to
// those that contain text or whose workplace's name, username or
// extension contains it; free lists only unassigned ones.
func (s *Service) SearchNumbers(ctx context.Context, p switchboard.Principal, customerID, text string, free bool, page switchboard.Page) ([]*switchboard.Number, string, error) {
	text, err := searchText(text)
	if err != nil {
		return nil, "", err
	}
	var out []*switchboard.Number
	var next string
	err = s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Numbers(switchboard.NumberFilter{CustomerID: customerID, FreeOnly: free, Text: text}, page)
		return err
	})
	return orEmpty(out), next, err
}

// SearchCustomers lists the customers, narrowed to those
// whose name or admin e-mail contain text: every customer for the
// operator, the own customer for an administrator, none for a user
// (EFORBIDDEN).
func (s *Service) SearchCustomers(ctx context.Context, p switchboard.Principal, text string, page switchboard.Page) ([]*switchboard.Customer, string, error) {
	text, err := searchText(text)
	if err != nil {
		return nil, "", err
	}
	f := switchboard.CustomerSearch{Text: text}
	switch p.Role {
	case switchboard.RoleOperator:
	case switchboard.RoleAdmin:
		f.ID = p.CustomerID
	default:
		return nil, "", switchboard.Errorf(switchboard.EFORBIDDEN, "only administrators may list customers")
	}
	var cs []*switchboard.Customer
	var next string
	err = s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		cs, next, err = tx.SearchCustomers(f, page)
		return err
	})
	for _, c := range cs {
		c.AllowList.CIDRs = orEmpty(c.AllowList.CIDRs)
	}
	return orEmpty(cs), next, err
}
