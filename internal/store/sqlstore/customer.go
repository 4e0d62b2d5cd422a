package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const customerCols = `id, name, admin_email, sip_domain, allow_enabled, allow_cidrs, created_at, updated_at,
	charge_limit`

func scanCustomer(s Row) (*switchboard.Customer, error) {
	c := &switchboard.Customer{}
	err := s.Scan(&c.ID, &c.Name, &c.AdminEmail, &c.SIPDomain, &c.AllowList.Enabled,
		listCol[string]{&c.AllowList.CIDRs}, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}, &c.ChargeLimit)
	return c, err
}

// customerRefused maps a refused customer write to an error naming what
// conflicted.
func (t *tx) customerRefused(err error, c *switchboard.Customer) error {
	return t.refused(err, "customer", "customers", c.ID, unique{
		"customers_sip_domain_key": fmt.Sprintf("SIP domain %q is already used by another customer", c.SIPDomain),
	})
}

// CreateCustomer inserts c; ECONFLICT if its SIP domain is taken.
func (t *tx) CreateCustomer(c *switchboard.Customer) error {
	cidrs, err := encList(c.AllowList.CIDRs)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO customers (`+customerCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Name, c.AdminEmail, c.SIPDomain, c.AllowList.Enabled, cidrs, t.time(c.CreatedAt), t.time(c.UpdatedAt),
		c.ChargeLimit)
	if err != nil {
		return t.customerRefused(err, c)
	}
	return nil
}

// Customer returns the customer with id.
func (t *tx) Customer(id string) (*switchboard.Customer, error) {
	return one(t, `SELECT `+customerCols+` FROM customers WHERE id = ?`, []any{id}, scanCustomer, "customer", id)
}

// UpdateCustomer writes every field of c but its id and creation time.
func (t *tx) UpdateCustomer(c *switchboard.Customer) error {
	cidrs, err := encList(c.AllowList.CIDRs)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE customers SET name = ?, admin_email = ?, sip_domain = ?, allow_enabled = ?,
		allow_cidrs = ?, updated_at = ?, charge_limit = ? WHERE id = ?`,
		c.Name, c.AdminEmail, c.SIPDomain, c.AllowList.Enabled, cidrs, t.time(c.UpdatedAt), c.ChargeLimit, c.ID)
	if err != nil {
		return t.customerRefused(err, c)
	}
	return affected(n, "customer", c.ID)
}

// DeleteCustomer deletes the customer, its orders and tokens; ECONFLICT
// naming what still depends on it while it has sites, numbers, workplaces
// or devices.
func (t *tx) DeleteCustomer(id string) error {
	return t.deleteRecord("customer", "customers", id, "customer %q still has records that depend on it",
		dependant{"sites", "customer_id", "customer %q still has %d sites; remove them first"},
		dependant{"numbers", "customer_id", "customer %q still has %d numbers; remove them first"},
		dependant{"workplaces", "customer_id", "customer %q still has %d workplaces; remove them first"},
		dependant{"devices", "customer_id", "customer %q still has %d devices; remove them first"},
		dependant{"redirect_accounts", "customer_id", "customer %q still has %d redirect service accounts; remove them first"})
}

// Customers lists all customers in id order.
func (t *tx) Customers(p switchboard.Page) ([]*switchboard.Customer, string, error) {
	return t.SearchCustomers(switchboard.CustomerSearch{}, p)
}
