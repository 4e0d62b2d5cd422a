package sqlstore

import (
	"github.com/switchboard-pbx/switchboard"
)

const monitoringCols = `id, customer_id, username, description, password_hash, created_at`

// monitoringUnique explains a username in use.
var monitoringUnique = unique{
	"monitoring_accounts_username": "the username is already in use by a monitoring account; choose another",
}

func scanMonitoringAccount(s Row) (*switchboard.MonitoringAccount, error) {
	m := &switchboard.MonitoringAccount{}
	err := s.Scan(&m.ID, &m.CustomerID, &m.Username, &m.Description, &m.PasswordHash, timeCol{&m.CreatedAt})
	return m, err
}

// CreateMonitoringAccount inserts m; ECONFLICT on a username in use.
func (t *tx) CreateMonitoringAccount(m *switchboard.MonitoringAccount) error {
	_, err := t.exec(`INSERT INTO monitoring_accounts (`+monitoringCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
		m.ID, m.CustomerID, m.Username, m.Description, m.PasswordHash, t.time(m.CreatedAt))
	if err != nil {
		return t.refused(err, "monitoring account", "monitoring_accounts", m.ID, monitoringUnique, customerRef(m.CustomerID))
	}
	return nil
}

// MonitoringAccount returns the account with id.
func (t *tx) MonitoringAccount(id string) (*switchboard.MonitoringAccount, error) {
	return one(t, `SELECT `+monitoringCols+` FROM monitoring_accounts WHERE id = ?`, []any{id},
		scanMonitoringAccount, "monitoring account", id)
}

// MonitoringAccountByUsername returns the account of username, for the
// CTI interface's log-in.
func (t *tx) MonitoringAccountByUsername(username string) (*switchboard.MonitoringAccount, error) {
	return one(t, `SELECT `+monitoringCols+` FROM monitoring_accounts WHERE username = ?`, []any{username},
		scanMonitoringAccount, "monitoring account", username)
}

// DeleteMonitoringAccount removes the account; nothing refers to it.
func (t *tx) DeleteMonitoringAccount(id string) error {
	return t.deleteRecord("monitoring account", "monitoring_accounts", id, "monitoring account %q is still in use")
}

// MonitoringAccounts lists a customer's accounts in id order.
func (t *tx) MonitoringAccounts(customerID string, p switchboard.Page) ([]*switchboard.MonitoringAccount, string, error) {
	return list(t, monitoringCols, "monitoring_accounts", "id", filter{}.eq("customer_id", customerID), p,
		scanMonitoringAccount, func(m *switchboard.MonitoringAccount) string { return m.ID })
}
