package sqlstore

import (
	"github.com/switchboard-pbx/switchboard"
)

const contactCols = `id, customer_id, name, company, label, numbers, created_at, updated_at`

func scanContact(s Row) (*switchboard.Contact, error) {
	c := &switchboard.Contact{}
	err := s.Scan(&c.ID, &c.CustomerID, &c.Name, &c.Company, &c.Label, listCol[string]{&c.Numbers},
		timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt})
	return c, err
}

// CreateContact inserts c.
func (t *tx) CreateContact(c *switchboard.Contact) error {
	numbers, err := encList(c.Numbers)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO contacts (`+contactCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.CustomerID, c.Name, c.Company, c.Label, numbers, t.time(c.CreatedAt), t.time(c.UpdatedAt))
	if err != nil {
		return t.refused(err, "contact", "contacts", c.ID, nil, customerRef(c.CustomerID))
	}
	return nil
}

// Contact returns the contact with id.
func (t *tx) Contact(id string) (*switchboard.Contact, error) {
	return one(t, `SELECT `+contactCols+` FROM contacts WHERE id = ?`, []any{id}, scanContact, "contact", id)
}

// UpdateContact writes c's name, company, label, numbers and update time.
func (t *tx) UpdateContact(c *switchboard.Contact) error {
	numbers, err := encList(c.Numbers)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE contacts SET name = ?, company = ?, label = ?, numbers = ?, updated_at = ? WHERE id = ?`,
		c.Name, c.Company, c.Label, numbers, t.time(c.UpdatedAt), c.ID)
	if err != nil {
		return t.refused(err, "contact", "contacts", c.ID, nil)
	}
	return affected(n, "contact", c.ID)
}

// DeleteContact removes the contact; nothing refers to it.
func (t *tx) DeleteContact(id string) error {
	return t.deleteRecord("contact", "contacts", id, "contact %q is still in use")
}

// Contacts lists a customer's contacts in id order.
func (t *tx) Contacts(customerID string, p switchboard.Page) ([]*switchboard.Contact, string, error) {
	return list(t, contactCols, "contacts", "id", filter{}.eq("customer_id", customerID), p,
		scanContact, func(c *switchboard.Contact) string { return c.ID })
}
