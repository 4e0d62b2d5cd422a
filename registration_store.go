package switchboard

// Registration is what the SIP registrar persisted about one device's
// registrations: enough for a restarted node to restore them and for any
// node sharing the store to answer status for the device.
type Registration struct {
	DeviceID string
	// Node names the registrar process holding the bindings' sockets; only
	// that node can reach the device over them.
	Node string
	// Data is the registrar's own encoding of the bindings and of the last
	// binding seen; the store keeps it opaque.
	Data []byte
	// ExpiresAtMillis is the latest expiry of the current bindings in Unix
	// milliseconds, 0 when the device has none left.
	ExpiresAtMillis int64
	// UpdatedAtMillis is when the registrar wrote the record.
	UpdatedAtMillis int64
}

// RegistrationTx is the part of Tx the SIP registrar's write-behind
// persistence needs.
type RegistrationTx interface {
	// SaveRegistrations inserts or replaces each device's record.
	SaveRegistrations(rs []*Registration) error
	// Registration returns a device's record, ENOTFOUND when it never
	// registered.
	Registration(deviceID string) (*Registration, error)
	// Registrations lists the records a node wrote whose bindings expire
	// after the given time, ordered by device id, starting after the device
	// id after, at most limit of them.
	Registrations(node string, expiresAfterMillis int64, after string, limit int) ([]*Registration, error)
}
