package sqlstore

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.RedirectTx = (*tx)(nil)

const redirectCols = `id, customer_id, service, name, url, settings, credentials, created_at, updated_at`

// redirectUnique explains a second account of one owner for one service;
// SQLite names the expression index, PostgreSQL the index itself.
var redirectUnique = unique{
	"redirect_accounts_service":         "there is already an account for this service; change it instead of adding another",
	"index 'redirect_accounts_service'": "there is already an account for this service; change it instead of adding another",
}

func (t *tx) scanRedirectAccount(s Row) (*switchboard.RedirectAccount, error) {
	a := &switchboard.RedirectAccount{}
	var creds string
	err := s.Scan(&a.ID, strCol{&a.CustomerID}, &a.Service, &a.Name, &a.URL,
		jsonCol[map[string]string]{&a.Settings}, t.secret(&creds), timeCol{&a.CreatedAt}, timeCol{&a.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if a.Settings == nil {
		a.Settings = map[string]string{}
	}
	a.Credentials = map[string]string{}
	if creds != "" {
		if err := json.Unmarshal([]byte(creds), &a.Credentials); err != nil {
			return nil, fmt.Errorf("redirect account %s credentials: %w", a.ID, err)
		}
	}
	return a, nil
}

// redirectArgs encodes the settings and seals the credentials of a.
func (t *tx) redirectArgs(a *switchboard.RedirectAccount) (settings string, creds any, err error) {
	b, err := json.Marshal(orEmptyMap(a.Settings))
	if err != nil {
		return "", nil, fmt.Errorf("encode settings: %w", err)
	}
	c, err := json.Marshal(orEmptyMap(a.Credentials))
	if err != nil {
		return "", nil, fmt.Errorf("encode credentials: %w", err)
	}
	sealed, err := t.seal(string(c))
	if err != nil {
		return "", nil, err
	}
	return string(b), sealed[0], nil
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return maps.Clone(m)
}

// CreateRedirectAccount inserts a with its credentials sealed.
func (t *tx) CreateRedirectAccount(a *switchboard.RedirectAccount) error {
	settings, creds, err := t.redirectArgs(a)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO redirect_accounts (`+redirectCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, nullable(a.CustomerID), a.Service, a.Name, a.URL, settings, creds, t.time(a.CreatedAt), t.time(a.UpdatedAt))
	if err != nil {
		refs := []ref{}
		if a.CustomerID != "" {
			refs = append(refs, customerRef(a.CustomerID))
		}
		return t.refused(err, "redirect account", "redirect_accounts", a.ID, redirectUnique, refs...)
	}
	return nil
}

// RedirectAccount returns the account with id, credentials opened.
func (t *tx) RedirectAccount(id string) (*switchboard.RedirectAccount, error) {
	return one(t, `SELECT `+redirectCols+` FROM redirect_accounts WHERE id = ?`, []any{id}, t.scanRedirectAccount, "redirect account", id)
}

// UpdateRedirectAccount writes a's changeable fields.
func (t *tx) UpdateRedirectAccount(a *switchboard.RedirectAccount) error {
	settings, creds, err := t.redirectArgs(a)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE redirect_accounts SET name = ?, url = ?, settings = ?, credentials = ?, updated_at = ? WHERE id = ?`,
		a.Name, a.URL, settings, creds, t.time(a.UpdatedAt), a.ID)
	if err != nil {
		return fmt.Errorf("update redirect account %s: %w", a.ID, err)
	}
	return affected(n, "redirect account", a.ID)
}

// DeleteRedirectAccount deletes the account; ECONFLICT while its calls
// wait in the outbox.
func (t *tx) DeleteRedirectAccount(id string) error {
	var n int
	err := t.queryRow(`SELECT count(*) FROM messages WHERE channel = ? AND subject = ? AND state = ?`,
		string(switchboard.ChannelRedirect), id, string(switchboard.MessagePending)).Scan(&n)
	if err != nil {
		return fmt.Errorf("delete redirect account %s: %w", id, err)
	}
	if n > 0 {
		return conflictf("redirect account %q still has %d calls waiting to be delivered; the devices' redirect status says why, and the account can be deleted once they are through", id, n)
	}
	return t.deleteRecord("redirect account", "redirect_accounts", id, "redirect account %q is still in use")
}

// RedirectAccounts lists the accounts of one owner in id order.
func (t *tx) RedirectAccounts(customerID string, p switchboard.Page) ([]*switchboard.RedirectAccount, string, error) {
	f := filter{where: []string{"customer_id IS NULL"}}
	if customerID != "" {
		f = filter{}.eq("customer_id", customerID)
	}
	return list(t, redirectCols, "redirect_accounts", "id", f, p, t.scanRedirectAccount,
		func(a *switchboard.RedirectAccount) string { return a.ID })
}

// RedirectAccountFor returns the customer's account for service, else the
// operator's.
func (t *tx) RedirectAccountFor(customerID, service string) (*switchboard.RedirectAccount, error) {
	return one(t, `SELECT `+redirectCols+` FROM redirect_accounts
		WHERE service = ? AND (customer_id = ? OR customer_id IS NULL)
		ORDER BY customer_id IS NULL LIMIT 1`, []any{service, customerID}, t.scanRedirectAccount,
		"redirect account", service)
}

// SetDeviceRedirect writes the redirect column of one device.
func (t *tx) SetDeviceRedirect(deviceID string, st switchboard.RedirectStatus) error {
	v, err := encJSON(st)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE devices SET redirect = ? WHERE id = ?`, v, deviceID)
	if err != nil {
		return fmt.Errorf("set redirect status of device %s: %w", deviceID, err)
	}
	return affected(n, "device", deviceID)
}
