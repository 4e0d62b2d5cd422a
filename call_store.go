package switchboard

import "time"

// CallTx keeps what calls leave behind: the workplaces' call settings, the
// call events (read by CTI channels and the journal on every node), the
// journal of finished calls, the customers' trunks and monitoring
// accounts.
type CallTx interface {
	// CallSettings returns the workplace's settings; ENOTFOUND when they
	// were never written (the use cases then start from the defaults).
	CallSettings(workplaceID string) (*CallSettings, error)
	// PutCallSettings writes the settings of s.WorkplaceID, inserting or
	// replacing them.
	PutCallSettings(s *CallSettings) error

	// AddCallEvent appends e and sets its Seq.
	AddCallEvent(e *CallEvent) error
	// CallEventsAfter returns up to limit events of the customer (all
	// customers when empty) with Seq above after, in Seq order.
	CallEventsAfter(customerID string, after int64, limit int) ([]*CallEvent, error)
	// LastCallEventSeq is the highest Seq given so far (0 when none): a new
	// channel starts reading after it.
	LastCallEventSeq() (int64, error)
	// DeleteCallEventsBefore removes events older than t and says how many.
	DeleteCallEventsBefore(t time.Time) (int, error)

	// PutCallRecord inserts or replaces the journal entry of c.ID.
	PutCallRecord(c *Call) error
	// CallRecords lists a workplace's journal, newest first.
	CallRecords(workplaceID string, p Page) ([]*Call, string, error)

	CreateTrunk(t *Trunk) error
	Trunk(id string) (*Trunk, error)
	UpdateTrunk(t *Trunk) error
	DeleteTrunk(id string) error
	Trunks(customerID string, p Page) ([]*Trunk, string, error)

	// CreateMonitoringAccount fails with ECONFLICT on a username in use.
	CreateMonitoringAccount(m *MonitoringAccount) error
	MonitoringAccount(id string) (*MonitoringAccount, error)
	MonitoringAccountByUsername(username string) (*MonitoringAccount, error)
	DeleteMonitoringAccount(id string) error
	MonitoringAccounts(customerID string, p Page) ([]*MonitoringAccount, string, error)
}
