package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ContactInput creates a shared phonebook contact.
type ContactInput struct {
	Name    string   `json:"name" doc:"The name phones show"`
	Company string   `json:"company,omitempty"`
	Label   string   `json:"label,omitempty" doc:"A group such as Supplier or Reception"`
	Numbers []string `json:"numbers" doc:"1 to 5 numbers: E.164 (+49 30 1234567) or internal extensions"`
}

// ContactPatch changes a contact; absent fields stay.
type ContactPatch struct {
	Name    *string   `json:"name,omitempty"`
	Company *string   `json:"company,omitempty"`
	Label   *string   `json:"label,omitempty"`
	Numbers *[]string `json:"numbers,omitempty"`
}

// contactFor loads a contact of the customer; one of another customer is
// not found, as if it did not exist.
func contactFor(tx switchboard.Tx, customerID, id string) (*switchboard.Contact, error) {
	c, err := tx.Contact(id)
	if err != nil {
		return nil, asNotFound(err, "contact", id)
	}
	if c.CustomerID != customerID {
		return nil, notFound("contact", id)
	}
	return c, nil
}

// CreateContact adds a shared contact to the customer's phonebook; phones
// show it at their next fetch of the phonebook. Administrators only.
func (s *Service) CreateContact(ctx context.Context, p switchboard.Principal, customerID string, in ContactInput) (*switchboard.Contact, error) {
	var c *switchboard.Contact
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		c = newContact(customerID, in, now)
		if err := c.Validate(); err != nil {
			return audit{}, err
		}
		if err := tx.CreateContact(c); err != nil {
			return audit{}, fmt.Errorf("create contact: %w", err)
		}
		return audit{customer: customerID, action: "contact.create", object: c.ID}, nil
	})
	return c, err
}

// newContact builds a contact from its input with a fresh id.
func newContact(customerID string, in ContactInput, now time.Time) *switchboard.Contact {
	return &switchboard.Contact{
		ID: switchboard.NewID("con", now), CustomerID: customerID, Name: strings.TrimSpace(in.Name),
		Company: strings.TrimSpace(in.Company), Label: strings.TrimSpace(in.Label),
		Numbers: append([]string{}, in.Numbers...), CreatedAt: now, UpdatedAt: now,
	}
}

// Contacts lists the customer's shared contacts in id order. Administrators
// only: users see the phonebook on their phones.
func (s *Service) Contacts(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Contact, string, error) {
	if err := mayAdminister(p, customerID, "customer", customerID); err != nil {
		return nil, "", err
	}
	var out []*switchboard.Contact
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		out, next, err = tx.Contacts(customerID, page)
		return err
	})
	return out, next, err
}

// Contact returns one of the customer's shared contacts. Administrators
// only.
func (s *Service) Contact(ctx context.Context, p switchboard.Principal, customerID, id string) (*switchboard.Contact, error) {
	if err := mayAdminister(p, customerID, "contact", id); err != nil {
		return nil, err
	}
	var c *switchboard.Contact
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		c, err = contactFor(tx, customerID, id)
		return err
	})
	return c, err
}

// UpdateContact changes a shared contact. Administrators only.
func (s *Service) UpdateContact(ctx context.Context, p switchboard.Principal, customerID, id string, in ContactPatch) (*switchboard.Contact, error) {
	var c *switchboard.Contact
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if err := mayAdminister(p, customerID, "contact", id); err != nil {
			return audit{}, err
		}
		var err error
		if c, err = contactFor(tx, customerID, id); err != nil {
			return audit{}, err
		}
		for _, f := range []struct {
			dst *string
			src *string
		}{{&c.Name, in.Name}, {&c.Company, in.Company}, {&c.Label, in.Label}} {
			if f.src != nil {
				*f.dst = strings.TrimSpace(*f.src)
			}
		}
		if in.Numbers != nil {
			c.Numbers = append([]string{}, (*in.Numbers)...)
		}
		if err := c.Validate(); err != nil {
			return audit{}, err
		}
		c.UpdatedAt = now
		if err := tx.UpdateContact(c); err != nil {
			return audit{}, fmt.Errorf("update contact: %w", err)
		}
		return audit{customer: customerID, action: "contact.update", object: id}, nil
	})
	return c, err
}

// DeleteContact removes a shared contact. Administrators only.
func (s *Service) DeleteContact(ctx context.Context, p switchboard.Principal, customerID, id string) error {
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if err := mayAdminister(p, customerID, "contact", id); err != nil {
			return audit{}, err
		}
		if _, err := contactFor(tx, customerID, id); err != nil {
			return audit{}, err
		}
		if err := tx.DeleteContact(id); err != nil {
			return audit{}, err
		}
		return audit{customer: customerID, action: "contact.delete", object: id}, nil
	})
}
