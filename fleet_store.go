package switchboard

import "time"

// DeviceSummary is what the fleet statistics read of a device: no secret,
// so a pass over 100,000 devices opens none.
type DeviceSummary struct {
	ID          string
	CustomerID  string
	Model       string
	Description string
	// HasSIP says the device has a SIP account of its own, so it should
	// register.
	HasSIP bool
	// LastAccessAt and LastAccessUserAgent are those of LastAccess.
	LastAccessAt        time.Time
	LastAccessUserAgent string
}

// FleetTx is the part of Tx the fleet statistics need.
type FleetTx interface {
	// DeviceSummaries lists a customer's devices (every customer's for an
	// empty id) in id order, a page at a time like Devices.
	DeviceSummaries(customerID string, p Page) ([]*DeviceSummary, string, error)
}
