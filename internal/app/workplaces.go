package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// WorkplaceInput creates a workplace (seed 001): user data, the e-mail
// twice, a mobile number or NoMobile, username, extension, numbers and
// conference package.
type WorkplaceInput struct {
	Site         string              `json:"site"`
	FirstName    string              `json:"first_name"`
	LastName     string              `json:"last_name"`
	Street       string              `json:"street,omitempty"`
	Postcode     string              `json:"postcode,omitempty"`
	City         string              `json:"city,omitempty"`
	Email        string              `json:"email"`
	EmailConfirm string              `json:"email_confirm"`
	Mobile       string              `json:"mobile,omitempty"`
	NoMobile     bool                `json:"no_mobile,omitempty"`
	Language     string              `json:"language,omitempty"`
	Username     string              `json:"username"`
	Extension    string              `json:"extension"`
	Numbers      []string            `json:"numbers,omitempty"`
	Package      switchboard.Package `json:"package,omitempty"`
	MultiLogin   bool                `json:"multi_login,omitempty"`
	// PhonebookOptOut keeps the workplace out of the company phonebook.
	PhonebookOptOut bool `json:"phonebook_opt_out,omitempty"`
	// ChargeLimit is the workplace's TopStop in cents; 0 sets none.
	ChargeLimit int64 `json:"charge_limit,omitempty"`
}

// WorkplacePatch changes a workplace; absent fields stay. A changed e-mail
// must be confirmed. Numbers, when given, replace the workplace's numbers.
// The workplace's own user may change only the personal fields (names,
// address, e-mail, mobile, language).
type WorkplacePatch struct {
	Site         *string              `json:"site,omitempty"`
	FirstName    *string              `json:"first_name,omitempty"`
	LastName     *string              `json:"last_name,omitempty"`
	Street       *string              `json:"street,omitempty"`
	Postcode     *string              `json:"postcode,omitempty"`
	City         *string              `json:"city,omitempty"`
	Email        *string              `json:"email,omitempty"`
	EmailConfirm *string              `json:"email_confirm,omitempty"`
	Mobile       *string              `json:"mobile,omitempty"`
	NoMobile     *bool                `json:"no_mobile,omitempty"`
	Language     *string              `json:"language,omitempty"`
	Username     *string              `json:"username,omitempty"`
	Extension    *string              `json:"extension,omitempty"`
	Numbers      *[]string            `json:"numbers,omitempty"`
	Package      *switchboard.Package `json:"package,omitempty"`
	MultiLogin   *bool                `json:"multi_login,omitempty"`
	// ChargeLimit is the workplace's TopStop in cents; 0 removes it.
	ChargeLimit *int64 `json:"charge_limit,omitempty"`
	// PhonebookOptOut keeps the workplace out of the company phonebook;
	// its own user may set it.
	PhonebookOptOut *bool `json:"phonebook_opt_out,omitempty"`
}

// adminOnly reports the fields of p only administrators may change.
func (p WorkplacePatch) adminOnly() []string {
	var f []string
	for _, c := range []struct {
		set  bool
		name string
	}{
		{p.Site != nil, "site"}, {p.Username != nil, "username"}, {p.Extension != nil, "extension"},
		{p.Numbers != nil, "numbers"}, {p.Package != nil, "package"}, {p.MultiLogin != nil, "multi_login"},
		{p.ChargeLimit != nil, "charge_limit"},
	} {
		if c.set {
			f = append(f, c.name)
		}
	}
	return f
}

// CreateWorkplace orders a workplace with its numbers (seed 001): the
// workplace is stored as ordered, with its numbers taken at once, and a
// create_workplace order in the same transaction; the order worker then
// creates the portal account, makes the workplace active and sends the
// welcome, the initial password and the confirmation. Numbers must be the
// customer's and free, the username unused and the extension unique within
// the customer.
func (s *Service) CreateWorkplace(ctx context.Context, p switchboard.Principal, customerID string, in WorkplaceInput) (*switchboard.Workplace, error) {
	w, err := workplaceFrom(in)
	if err != nil {
		return nil, err
	}
	w.CustomerID = customerID
	err = s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		w.ID = switchboard.NewID("wp", now)
		w.CreatedAt, w.UpdatedAt = now, now
		if w.Package != switchboard.PackageNone {
			w.PackageBookedAt = now
		}
		w.HotDeskPIN = randomDigits(6)
		w.DeviceAdminPassword = randomDigits(40)
		if err := checkWorkplaceRefs(tx, w, nil); err != nil {
			return audit{}, err
		}
		if err := tx.CreateWorkplace(w); err != nil {
			return audit{}, fmt.Errorf("create workplace: %w", err)
		}
		if err := assignNumbers(tx, w); err != nil {
			return audit{}, err
		}
		if _, err := newOrder(tx, OrderCreateWorkplace, w, workplaceItems(w), now); err != nil {
			return audit{}, err
		}
		return audit{customer: customerID, action: "workplace.create", object: w.ID, detail: w.Username}, nil
	})
	if err != nil {
		return nil, err
	}
	s.ordersWritten()
	return w, nil
}

// CheckWorkplace applies every rule of a new workplace that needs no other
// record (the portal's cart checks them before the order): the rules
// CreateWorkplace applies first, with its own messages.
func CheckWorkplace(in WorkplaceInput) error {
	_, err := workplaceFrom(in)
	return err
}

// workplaceFrom builds a new workplace, in state ordered, from its input:
// trimmed, checked against the rules that need no other record, with its
// mobile and numbers in canonical form.
func workplaceFrom(in WorkplaceInput) (*switchboard.Workplace, error) {
	if err := switchboard.ValidateEmailPair(strings.TrimSpace(in.Email), strings.TrimSpace(in.EmailConfirm)); err != nil {
		return nil, err
	}
	w := &switchboard.Workplace{
		SiteID:          in.Site,
		FirstName:       strings.TrimSpace(in.FirstName),
		LastName:        strings.TrimSpace(in.LastName),
		Street:          strings.TrimSpace(in.Street),
		Postcode:        strings.TrimSpace(in.Postcode),
		City:            strings.TrimSpace(in.City),
		Email:           strings.TrimSpace(in.Email),
		Mobile:          strings.TrimSpace(in.Mobile),
		NoMobile:        in.NoMobile,
		Language:        in.Language,
		Username:        strings.TrimSpace(in.Username),
		Extension:       strings.TrimSpace(in.Extension),
		Numbers:         orEmpty(in.Numbers),
		Package:         in.Package,
		MultiLogin:      in.MultiLogin,
		PhonebookOptOut: in.PhonebookOptOut,
		State:           switchboard.WorkplaceOrdered,
		ChargeLimit:     in.ChargeLimit,
	}
	if w.Package == "" {
		w.Package = switchboard.PackageNone
	}
	if err := normaliseWorkplace(w); err != nil {
		return nil, err
	}
	return w, nil
}

// normaliseWorkplace validates w and brings its mobile and numbers into
// canonical E.164, refusing a number given twice.
func normaliseWorkplace(w *switchboard.Workplace) error {
	if w.SiteID == "" {
		return switchboard.FieldErrorf("site", "site is required: the id of one of the customer's sites")
	}
	if err := w.Validate(); err != nil {
		return err
	}
	if !w.NoMobile {
		w.Mobile, _ = switchboard.CanonicalE164("mobile", w.Mobile)
	}
	seen := map[string]bool{}
	for i, n := range w.Numbers {
		c, _ := switchboard.CanonicalE164("numbers", n)
		if seen[c] {
			return switchboard.FieldErrorf("numbers", "number %s is given twice", c)
		}
		seen[c] = true
		w.Numbers[i] = c
	}
	return nil
}

// checkWorkplaceRefs checks the rules that span records: the site is the
// customer's, the username is unused, the extension is unique within the
// customer, and every number is the customer's and free (or already this
// workplace's). old is the workplace before an update, nil on creation.
func checkWorkplaceRefs(tx switchboard.Tx, w, old *switchboard.Workplace) error {
	site, err := tx.Site(w.SiteID)
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return err
	}
	if err != nil || site.CustomerID != w.CustomerID {
		return switchboard.FieldErrorf("site", "site %q is not a site of this customer", w.SiteID)
	}
	if old == nil || old.Username != w.Username {
		other, err := tx.WorkplaceByUsername(w.Username)
		switch {
		case err == nil && other.State != switchboard.WorkplaceDeleted && other.ID != w.ID:
			return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "username",
				Message: fmt.Sprintf("username %q is already taken; choose another", w.Username)}
		case err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND:
			return err
		}
	}
	if old == nil || old.Extension != w.Extension {
		exts, err := tx.Extensions(w.CustomerID)
		if err != nil {
			return fmt.Errorf("list extensions: %w", err)
		}
		for _, e := range exts {
			if e == w.Extension {
				return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "extension",
					Message: fmt.Sprintf("extension %s is already used by another workplace of this customer", w.Extension)}
			}
		}
	}
	for _, e164 := range w.Numbers {
		n, err := tx.Number(e164)
		if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
		if err != nil || n.CustomerID != w.CustomerID {
			return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "numbers",
				Message: fmt.Sprintf("number %s is not a number of this customer; add it to the customer first", e164)}
		}
		if n.WorkplaceID != "" && n.WorkplaceID != w.ID {
			return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "numbers",
				Message: fmt.Sprintf("number %s is already assigned to another workplace", e164)}
		}
	}
	return nil
}

// assignNumbers gives w's numbers to it.
func assignNumbers(tx switchboard.Tx, w *switchboard.Workplace) error {
	for _, e164 := range w.Numbers {
		if err := tx.AssignNumber(w.CustomerID, e164, w.ID); err != nil {
			return fmt.Errorf("assign number %s: %w", e164, err)
		}
	}
	return nil
}

// workplaceFor loads a workplace the caller may see.
func workplaceFor(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Workplace, error) {
	w, err := tx.Workplace(id)
	if err != nil {
		return nil, asNotFound(err, "workplace", id)
	}
	if err := mayReadWorkplace(p, w); err != nil {
		return nil, err
	}
	w.Numbers = orEmpty(w.Numbers)
	return w, nil
}

// Workplace returns a workplace to the customer's administrators and to its
// own user.
func (s *Service) Workplace(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Workplace, error) {
	var w *switchboard.Workplace
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if w, err = workplaceFor(tx, p, id); err != nil {
			return err
		}
		w.HotDesk, err = workplaceLogins(tx, id)
		return err
	})
	return w, err
}

// Workplaces lists a customer's workplaces, deleted ones included.
func (s *Service) Workplaces(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Workplace, string, error) {
	return s.SearchWorkplaces(ctx, p, customerID, "", page)
}

// workplaceList runs one list query of a customer's workplaces for the
// customer's administrators.
func (s *Service) workplaceList(ctx context.Context, p switchboard.Principal, customerID string, list func(switchboard.Tx) ([]*switchboard.Workplace, string, error)) ([]*switchboard.Workplace, string, error) {
	var out []*switchboard.Workplace
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = list(tx)
		return err
	})
	for _, w := range out {
		w.Numbers = orEmpty(w.Numbers)
	}
	return orEmpty(out), next, err
}
