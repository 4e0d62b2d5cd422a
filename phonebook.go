package switchboard

import (
	"strings"
	"time"
)

// PhonebookTx holds the company phonebook's shared contacts (issue 17
// item 1): the entries an administrator adds beside the customer's
// workplaces, which every phone of the customer shows in its directory.
type PhonebookTx interface {
	// CreateContact inserts c. ECONFLICT when its id exists, ENOTFOUND
	// when its customer does not.
	CreateContact(c *Contact) error
	// Contact returns the contact with id; ENOTFOUND when there is none.
	Contact(id string) (*Contact, error)
	// UpdateContact writes c's fields but its id, customer and creation
	// time; ENOTFOUND when it does not exist.
	UpdateContact(c *Contact) error
	// DeleteContact removes the contact; ENOTFOUND when there is none.
	DeleteContact(id string) error
	// Contacts lists a customer's contacts in id order.
	Contacts(customerID string, p Page) ([]*Contact, string, error)
}

// Phonebook limits: what one customer's directory may hold, so that the
// file a phone fetches stays within what desk phones load.
const (
	MaxContactNumbers = 5
	MaxPhonebookSize  = 5000
)

// Contact is a shared entry of a customer's phonebook: a supplier, the
// front desk of another building, anyone every user should find on the
// phone's directory key.
type Contact struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer"`
	Name       string `json:"name"`
	// Company and Label are optional; phones that show a second line
	// show the company, the label ("Reception", "Supplier") groups.
	Company string `json:"company"`
	Label   string `json:"label"`
	// Numbers are E.164 numbers or the customer's internal extensions.
	Numbers   []string  `json:"numbers"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks the contact and writes its numbers in canonical form.
func (c *Contact) Validate() error {
	if err := ValidateName("name", c.Name); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"company", c.Company}, {"label", c.Label}} {
		if err := ValidateText(f.name, f.value); err != nil {
			return err
		}
	}
	if len(c.Numbers) == 0 || len(c.Numbers) > MaxContactNumbers {
		return FieldErrorf("numbers", "a contact needs 1 to %d numbers", MaxContactNumbers)
	}
	for i, n := range c.Numbers {
		canonical, err := PhonebookNumber(n)
		if err != nil {
			return err
		}
		c.Numbers[i] = canonical
	}
	return nil
}

// PhonebookNumber accepts an international number (any form CanonicalE164
// takes) or an internal extension of digits only.
func PhonebookNumber(v string) (string, error) {
	s := strings.TrimSpace(v)
	if s != "" && !strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "00") && isDigits(s) {
		if len(s) > 8 {
			return "", FieldErrorf("numbers", "internal number %q must be at most 8 digits; give other numbers with + and the country code", v)
		}
		return s, nil
	}
	return CanonicalE164("numbers", s)
}

// PhonebookEntry is one name of a phonebook as phones show it: a
// workplace (its extension first) or a shared contact.
type PhonebookEntry struct {
	Name    string
	Company string
	Label   string
	// Numbers are dialled as written: extensions and E.164 numbers.
	Numbers []string
}

// Matches reports whether the entry's name, company or a number contains
// the query, without regard to case: the search a phone sends.
func (e PhonebookEntry) Matches(query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	if strings.Contains(strings.ToLower(e.Name), q) || strings.Contains(strings.ToLower(e.Company), q) {
		return true
	}
	for _, n := range e.Numbers {
		if strings.Contains(n, q) {
			return true
		}
	}
	return false
}

// Phonebook is what a phone's directory shows: the title it lists the
// phonebook under and the entries, sorted by name.
type Phonebook struct {
	Title   string
	Entries []PhonebookEntry
}
