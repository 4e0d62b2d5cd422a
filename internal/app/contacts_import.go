package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// contactImport is the layout of a contacts import file. A line's numbers
// are separated by "|", since commas and semicolons separate the fields
// and spaces are written inside numbers.
var contactImport = csvLayout{
	columns:  []string{"name", "numbers", "company", "label"},
	required: 2,
	aliases: map[string]string{
		"number": "numbers", "phone": "numbers", "telephone": "numbers", "display_name": "name",
		"organisation": "company", "organization": "company", "group": "label",
	},
	what: "contact",
}

// ContactImportResult is the answer to a contacts import: how many lines
// were read and the ids of the contacts created, in the file's order.
type ContactImportResult struct {
	Rows     int      `json:"rows"`
	Created  int      `json:"created"`
	Contacts []string `json:"contacts"`
}

// ImportContacts adds shared contacts to the customer's phonebook from a
// CSV file: a header line naming the columns name and numbers (several
// separated by "|"), optionally company and label. The import is all or
// nothing: a file with any bad line adds nothing, and the *ImportError
// lists every bad line by number. Administrators of the customer only.
func (s *Service) ImportContacts(ctx context.Context, p switchboard.Principal, customerID string, file io.Reader) (*ContactImportResult, error) {
	res := &ContactImportResult{Contacts: []string{}}
	err := s.importFile(ctx, p, customerID, file, contactImport, func(tx switchboard.Tx, now time.Time, rows []importRow, bad *ImportError) (audit, error) {
		res.Rows = len(rows)
		contacts := parseContactRows(customerID, rows, now, bad)
		if !bad.empty() {
			return audit{}, bad
		}
		for _, c := range contacts {
			if err := tx.CreateContact(c); err != nil {
				return audit{}, fmt.Errorf("import contact %s: %w", c.Name, err)
			}
			res.Contacts = append(res.Contacts, c.ID)
		}
		res.Created = len(contacts)
		return audit{customer: customerID, action: "contact.import", object: customerID,
			detail: fmt.Sprintf("%d contacts", len(contacts))}, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// parseContactRows checks every line and builds its contact; bad lines are
// recorded in bad.
func parseContactRows(customerID string, rows []importRow, now time.Time, bad *ImportError) []*switchboard.Contact {
	out := make([]*switchboard.Contact, 0, len(rows))
	for _, r := range rows {
		in := ContactInput{Name: r.get("name"), Company: r.get("company"), Label: r.get("label")}
		for _, n := range strings.Split(r.get("numbers"), "|") {
			if n = strings.TrimSpace(n); n != "" {
				in.Numbers = append(in.Numbers, n)
			}
		}
		c := newContact(customerID, in, now)
		if err := c.Validate(); err != nil {
			bad.addErr(r.line, err)
			continue
		}
		out = append(out, c)
	}
	return out
}
