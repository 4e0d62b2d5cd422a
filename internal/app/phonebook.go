package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Phonebook returns the customer's company phonebook as phones show it
// (issue 17): every active workplace that has not opted out (its name, its
// extension, then its numbers) and every shared contact, sorted by name,
// at most switchboard.MaxPhonebookSize entries. The provisioning server
// calls it for a device it has identified by its key, so it checks no
// principal; it reads only the given customer's records.
func (s *Service) Phonebook(ctx context.Context, customerID string) ([]switchboard.PhonebookEntry, error) {
	var out []switchboard.PhonebookEntry
	err := s.view(ctx, func(tx switchboard.Tx) error {
		out = nil
		if err := eachPage(func(p switchboard.Page) ([]*switchboard.Workplace, string, error) {
			return tx.Workplaces(customerID, p)
		}, func(w *switchboard.Workplace) {
			if w.CustomerID != customerID || w.State != switchboard.WorkplaceActive || w.PhonebookOptOut {
				return
			}
			out = append(out, switchboard.PhonebookEntry{
				Name:    strings.TrimSpace(w.FirstName + " " + w.LastName),
				Numbers: append([]string{w.Extension}, w.Numbers...),
			})
		}); err != nil {
			return fmt.Errorf("phonebook workplaces: %w", err)
		}
		return eachPage(func(p switchboard.Page) ([]*switchboard.Contact, string, error) {
			return tx.Contacts(customerID, p)
		}, func(c *switchboard.Contact) {
			if c.CustomerID != customerID {
				return
			}
			out = append(out, switchboard.PhonebookEntry{Name: c.Name, Company: c.Company, Label: c.Label,
				Numbers: append([]string{}, c.Numbers...)})
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b switchboard.PhonebookEntry) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Name, b.Name))
	})
	if len(out) > switchboard.MaxPhonebookSize {
		out = out[:switchboard.MaxPhonebookSize]
	}
	return out, nil
}

// eachPage walks every page of a list, handing each item to fn, and stops
// after 2·MaxPhonebookSize items: what a phonebook could ever show.
func eachPage[T any](list func(switchboard.Page) ([]T, string, error), fn func(T)) error {
	p := switchboard.Page{Limit: 500}
	for seen := 0; seen < 2*switchboard.MaxPhonebookSize; {
		items, next, err := list(p)
		if err != nil {
			return err
		}
		for _, it := range items {
			fn(it)
		}
		seen += len(items)
		if next == "" {
			return nil
		}
		p.After = next
	}
	return nil
}
