package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CustomerInput creates a customer. SIPDomain is derived from the name
// under the installation's SIP domain when empty.
type CustomerInput struct {
	Name       string                 `json:"name"`
	AdminEmail string                 `json:"admin_email"`
	SIPDomain  string                 `json:"sip_domain,omitempty"`
	AllowList  *switchboard.AllowList `json:"ip_allow_list,omitempty"`
	// AllowDuplicateName says a second customer with an existing name is
	// intended; without it such a create is refused, as it is mostly a
	// customer created twice by mistake.
	AllowDuplicateName bool `json:"allow_duplicate_name,omitempty"`
	// ChargeLimit is the customer's TopStop in cents; 0 sets none.
	ChargeLimit int64 `json:"charge_limit,omitempty"`
}

// CustomerPatch changes a customer; absent fields stay. Only the operator
// may change the name or the SIP domain.
type CustomerPatch struct {
	Name       *string                `json:"name,omitempty"`
	AdminEmail *string                `json:"admin_email,omitempty"`
	SIPDomain  *string                `json:"sip_domain,omitempty"`
	AllowList  *switchboard.AllowList `json:"ip_allow_list,omitempty"`
	// ChargeLimit is the customer's TopStop in cents; 0 removes it.
	ChargeLimit *int64 `json:"charge_limit,omitempty"`
}

// CreateCustomer adds a tenant. Operator only.
func (s *Service) CreateCustomer(ctx context.Context, p switchboard.Principal, in CustomerInput) (*switchboard.Customer, error) {
	if err := mayOperate(p); err != nil {
		return nil, err
	}
	c := &switchboard.Customer{
		Name:        strings.TrimSpace(in.Name),
		AdminEmail:  strings.TrimSpace(in.AdminEmail),
		SIPDomain:   strings.ToLower(strings.TrimSpace(in.SIPDomain)),
		AllowList:   switchboard.AllowList{CIDRs: []string{}},
		ChargeLimit: in.ChargeLimit,
	}
	if in.AllowList != nil {
		c.AllowList = *in.AllowList
		c.AllowList.CIDRs = orEmpty(c.AllowList.CIDRs)
	}
	derive := c.SIPDomain == ""
	if derive {
		c.SIPDomain = slug(c.Name) + "." + s.sip.Domain
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		c.ID = switchboard.NewID("cus", now)
		c.CreatedAt, c.UpdatedAt = now, now
		all, err := allCustomers(tx)
		if err != nil {
			return audit{}, err
		}
		domains := map[string]bool{}
		for _, o := range all {
			domains[o.SIPDomain] = true
			if !in.AllowDuplicateName && strings.EqualFold(o.Name, c.Name) {
				return audit{}, &switchboard.Error{Code: switchboard.ECONFLICT, Field: "name",
					Message: fmt.Sprintf("customer %s is already called %q; send allow_duplicate_name: true to create another one", o.ID, o.Name)}
			}
		}
		if derive {
			base := c.SIPDomain
			for i := 2; domains[c.SIPDomain]; i++ {
				label, rest, _ := strings.Cut(base, ".")
				c.SIPDomain = fmt.Sprintf("%s-%d.%s", label, i, rest)
			}
		} else if domains[c.SIPDomain] {
			return audit{}, &switchboard.Error{Code: switchboard.ECONFLICT, Field: "sip_domain",
				Message: fmt.Sprintf("SIP domain %q is already used by another customer", c.SIPDomain)}
		}
		if err := tx.CreateCustomer(c); err != nil {
			return audit{}, fmt.Errorf("create customer: %w", err)
		}
		return audit{customer: c.ID, action: "customer.create", object: c.ID}, nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// allCustomers returns every customer, page by page.
func allCustomers(tx switchboard.Tx) ([]*switchboard.Customer, error) {
	var all []*switchboard.Customer
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		cs, next, err := tx.Customers(page)
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		all = append(all, cs...)
		if next == "" {
			return all, nil
		}
		page.After = next
	}
}

// slug turns a company name into a DNS label: lower case, umlauts spelled
// out, anything else non-alphanumeric as single hyphens.
func slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		var out string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			out = string(r)
		case r == 'ä':
			out = "ae"
		case r == 'ö':
			out = "oe"
		case r == 'ü':
			out = "ue"
		case r == 'ß':
			out = "ss"
		case r == 'é' || r == 'è' || r == 'ê' || r == 'ë':
			out = "e"
		case r == 'à' || r == 'â' || r == 'á':
			out = "a"
		case r == 'ç':
			out = "c"
		default:
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(out)
	}
	s := b.String()
	if len(s) > 50 {
		s = strings.TrimRight(s[:50], "-")
	}
	if s == "" {
		return "customer"
	}
	return s
}

// Customer returns one customer to its operator or administrators.
func (s *Service) Customer(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Customer, error) {
	var c *switchboard.Customer
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		c, err = s.customerFor(tx, p, id)
		return err
	})
	return c, err
}

// customerFor loads a customer the caller administers.
func (s *Service) customerFor(tx switchboard.Tx, p switchboard.Principal, id string) (*switchboard.Customer, error) {
	if err := mayAdminister(p, id, "customer", id); err != nil {
		return nil, err
	}
	c, err := tx.Customer(id)
	if err != nil {
		return nil, asNotFound(err, "customer", id)
	}
	c.AllowList.CIDRs = orEmpty(c.AllowList.CIDRs)
	return c, nil
}

// UpdateCustomer changes a customer. Administrators may change the admin
// e-mail, the IP allow-list and the charge limit; name and SIP domain only
// the operator.
func (s *Service) UpdateCustomer(ctx context.Context, p switchboard.Principal, id string, in CustomerPatch) (*switchboard.Customer, error) {
	var c *switchboard.Customer
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if c, err = s.customerFor(tx, p, id); err != nil {
			return audit{}, err
		}
		if (in.Name != nil || in.SIPDomain != nil) && p.Role != switchboard.RoleOperator {
			return audit{}, switchboard.Errorf(switchboard.EFORBIDDEN, "only the operator may change a customer's name or SIP domain")
		}
		var changed []string
		if in.Name != nil {
			c.Name = strings.TrimSpace(*in.Name)
			changed = append(changed, "name")
		}
		if in.AdminEmail != nil {
			c.AdminEmail = strings.TrimSpace(*in.AdminEmail)
			changed = append(changed, "admin_email")
		}
		if in.SIPDomain != nil && *in.SIPDomain != c.SIPDomain {
			c.SIPDomain = strings.ToLower(strings.TrimSpace(*in.SIPDomain))
			all, err := allCustomers(tx)
			if err != nil {
				return audit{}, err
			}
			if slices.ContainsFunc(all, func(o *switchboard.Customer) bool { return o.SIPDomain == c.SIPDomain }) {
				return audit{}, &switchboard.Error{Code: switchboard.ECONFLICT, Field: "sip_domain",
					Message: fmt.Sprintf("SIP domain %q is already used by another customer", c.SIPDomain)}
			}
			changed = append(changed, "sip_domain")
		}
		if in.AllowList != nil {
			c.AllowList = *in.AllowList
			c.AllowList.CIDRs = orEmpty(c.AllowList.CIDRs)
			changed = append(changed, "ip_allow_list")
		}
		if in.ChargeLimit != nil {
			c.ChargeLimit = *in.ChargeLimit
			changed = append(changed, "charge_limit")
		}
		if err := c.Validate(); err != nil {
			return audit{}, err
		}
		c.UpdatedAt = now
		if err := tx.UpdateCustomer(c); err != nil {
			return audit{}, fmt.Errorf("update customer: %w", err)
		}
		return audit{customer: c.ID, action: "customer.update", object: c.ID, detail: strings.Join(changed, ",")}, nil
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, switchboard.TopicCustomer, id)
	if in.SIPDomain != nil {
		s.invalidateAll()
	}
	return c, nil
}

// DeleteCustomer removes an empty customer and its tokens. Operator only;
// a customer with sites, numbers, workplaces or devices is refused.
func (s *Service) DeleteCustomer(ctx context.Context, p switchboard.Principal, id string) error {
	if err := mayAdminister(p, id, "customer", id); err != nil {
		return err
	}
	if err := mayOperate(p); err != nil {
		return err
	}
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if _, err := tx.Customer(id); err != nil {
			return audit{}, asNotFound(err, "customer", id)
		}
		toks, err := allTokens(tx, id)
		if err != nil {
			return audit{}, err
		}
		for _, t := range toks {
			if err := tx.DeleteToken(t.ID); err != nil {
				return audit{}, fmt.Errorf("delete token: %w", err)
			}
		}
		if err := tx.DeleteCustomer(id); err != nil {
			return audit{}, err
		}
		// The event is not filed under the customer, which no longer exists.
		return audit{action: "customer.delete", object: id}, nil
	})
}
