package switchboard

import "context"

// Store holds all state. Every change runs inside Update, so a use case
// either commits all it wrote (the change, its audit event, its outbox
// messages) or nothing. Implementations: internal/store/sqlite and
// internal/store/postgres, both checked by internal/store/storetest.
type Store interface {
	// Update runs fn in a read-write transaction, committed when fn returns
	// nil and rolled back otherwise.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Close releases the store's connections.
	Close() error
}

// Page asks for one page of a list: the items after the cursor After (empty
// for the first page), at most Limit of them (0 means DefaultPageSize).
type Page struct {
	After string
	Limit int
}

// Validate checks that After is a cursor a list hands out as its next: an
// id, or a number in E.164 for a number list. Anything else is a client's
// mistake that would otherwise silently yield a wrong page.
func (p Page) Validate() error {
	if p.After == "" || IsID(p.After) {
		return nil
	}
	if n, err := CanonicalE164("after", p.After); err == nil && n == p.After {
		return nil
	}
	return FieldErrorf("after", "after is not a cursor of this API: pass the next of the previous page unchanged, or leave it out for the first page")
}

// Page sizes.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// Size returns the effective page size.
func (p Page) Size() int {
	switch {
	case p.Limit <= 0:
		return DefaultPageSize
	case p.Limit > MaxPageSize:
		return MaxPageSize
	}
	return p.Limit
}

// NumberFilter narrows a customer's number list.
type NumberFilter struct {
	CustomerID string
	// FreeOnly lists only numbers assigned to no workplace.
	FreeOnly bool
	// WorkplaceID lists only the numbers of this workplace.
	WorkplaceID string
	// Text, when not empty, keeps the numbers that contain it (spaces and
	// dashes ignored) or whose workplace's name, username or extension
	// contains it, ignoring case: the portal's search box.
	Text string
}

// DeviceFilter narrows a device list; empty fields match everything.
type DeviceFilter struct {
	CustomerID  string
	WorkplaceID string
	BaseID      string
	// Text, when not empty, keeps the devices whose description, MAC
	// (separators ignored), model or SIP username contain it, ignoring
	// case: the portal's search box.
	Text string
}

// EventFilter narrows the event list.
type EventFilter struct {
	// CustomerID limits to one customer's events; empty lists all (operator).
	CustomerID string
	Kind       string
}

// Tx is one transaction. Methods return *Error with ENOTFOUND for a missing
// record and ECONFLICT when a uniqueness rule of the database refuses a
// write; any other error is internal. Lists return the page's items and the
// cursor of the next page, empty at the end; an empty customer id lists the
// records of every customer (for the operator). Secrets in the records
// (access keys, SIP and device passwords, PINs, one-time passwords) are
// plaintext here and sealed by the store.
type Tx interface {
	AccessTx
	OutboxTx
	OrderQueueTx
	NodeTx
	RegistrationTx
	RedirectTx
	HotDeskTx
	FraudTx
	ZeroTouchTx
	FetchedFileTx
	FleetTx
	PortalTx
	PhonebookTx
	HistoryTx
	AuditTx
	CallTx
	ChargeTx
	FirmwareTx
	SearchTx
	CallRelayTx
	TrunkStateTx
	PlannedActionTx

	CreateCustomer(c *Customer) error
	Customer(id string) (*Customer, error)
	UpdateCustomer(c *Customer) error
	// DeleteCustomer fails with ECONFLICT while the customer still has
	// sites, numbers, workplaces, devices or redirect service accounts.
	DeleteCustomer(id string) error
	Customers(p Page) ([]*Customer, string, error)

	CreateSite(s *Site) error
	Site(id string) (*Site, error)
	UpdateSite(s *Site) error
	// DeleteSite fails with ECONFLICT while workplaces use the site.
	DeleteSite(id string) error
	Sites(customerID string, p Page) ([]*Site, string, error)

	// CreateNumber fails with ECONFLICT if the number exists for any customer.
	CreateNumber(n *Number) error
	Number(e164 string) (*Number, error)
	// AssignNumber gives a free number to a workplace; ECONFLICT if it is
	// already assigned, ENOTFOUND if the customer does not own it.
	AssignNumber(customerID, e164, workplaceID string) error
	// ReleaseNumbers frees all numbers of a workplace.
	ReleaseNumbers(workplaceID string) error
	// DeleteNumber fails with ECONFLICT while the number is assigned.
	DeleteNumber(e164 string) error
	Numbers(f NumberFilter, p Page) ([]*Number, string, error)

	// CreateWorkplace fails with ECONFLICT on a username used by any
	// workplace not deleted, or an extension used within the customer.
	// Numbers are not written here; see AssignNumber.
	CreateWorkplace(w *Workplace) error
	// Workplace returns the workplace with its Numbers filled in.
	Workplace(id string) (*Workplace, error)
	WorkplaceByUsername(username string) (*Workplace, error)
	// WorkplaceByExtension returns the customer's live workplace with the
	// extension, with its Numbers; every call to an extension asks it.
	WorkplaceByExtension(customerID, extension string) (*Workplace, error)
	UpdateWorkplace(w *Workplace) error
	// Workplaces lists a customer's workplaces, deleted ones included.
	Workplaces(customerID string, p Page) ([]*Workplace, string, error)
	// Extensions lists the extensions of a customer's live workplaces.
	Extensions(customerID string) ([]string, error)

	// CreateDevice fails with ECONFLICT on a MAC or SIP username already
	// used by another device.
	CreateDevice(d *Device) error
	Device(id string) (*Device, error)
	// DeviceByAccessKey finds a device by its access key through a keyed
	// hash index; the key itself is never compared in the database.
	DeviceByAccessKey(key string) (*Device, error)
	// AccessKeyKnown says whether a device has the access key, by the same
	// index probe DeviceByAccessKey makes, without reading the device: it
	// costs a known key what an unknown key's lookup costs.
	AccessKeyKnown(key string) (bool, error)
	DeviceByMAC(mac string) (*Device, error)
	// MACsInUse returns those of the canonical MACs that devices have, in
	// a few queries for many MACs: an import checks 100,000 lines at once.
	MACsInUse(macs []string) ([]string, error)
	DeviceBySIPUsername(username string) (*Device, error)
	// PendingAction reads the device's pending action alone: every device
	// coming online asks, and few have one (ENOTFOUND: no such device).
	PendingAction(deviceID string) (Action, error)
	UpdateDevice(d *Device) error
	DeleteDevice(id string) error
	Devices(f DeviceFilter, p Page) ([]*Device, string, error)

	CreateOrder(o *Order) error
	Order(id string) (*Order, error)
	UpdateOrder(o *Order) error
	Orders(customerID string, p Page) ([]*Order, string, error)

	AddEvent(e *Event) error
	Events(f EventFilter, p Page) ([]*Event, string, error)

	// CreateToken stores the token with a keyed hash of secret.
	CreateToken(t *Token, secret string) error
	// TokenBySecret finds a token by its secret through the keyed hash.
	TokenBySecret(secret string) (*Token, error)
	DeleteToken(id string) error
	Tokens(customerID string, p Page) ([]*Token, string, error)
}

// Keyring protects secrets at rest: Seal and Open encrypt and decrypt with
// the installation's master key; Index gives a keyed hash so a secret can be
// looked up without storing or comparing it in clear.
// KeyCheck is what the database records of one master key it is sealed
// with: the key's id, a MAC of a fixed label under the key (which proves a
// node holds the key without revealing it) and the lookup key sealed under
// it. The lookup key (keyed hashes of tokens and access keys, SIP nonces)
// is made once per installation and kept through rotations: a token's hash
// cannot be computed again without the token, which is not stored.
type KeyCheck struct {
	ID       string
	MAC      []byte
	IndexKey []byte
}

type Keyring interface {
	Seal(plaintext []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
	Index(secret string) []byte
}
