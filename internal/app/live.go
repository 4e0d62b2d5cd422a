package app

import (
	"context"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// DeviceStatus is a device's registration as GET /devices/{id}/status shows
// it (DESIGN §5).
type DeviceStatus struct {
	// State is online or offline.
	State     string    `json:"state"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	UserAgent string    `json:"user_agent"`
	// IP is the address of the current registration; LastIP that of the
	// last one, kept after it expired; both empty if it never registered.
	IP     string `json:"ip"`
	LastIP string `json:"last_ip"`
	// AccessInfo is the access network's information about the line (the
	// access number), where the network supplies it.
	AccessInfo string `json:"access_info,omitempty"`
	// Contact and Transport are those of the newest current registration
	// (or of the last one when offline).
	Contact            string `json:"contact,omitempty"`
	Transport          string `json:"transport,omitempty"`
	Encrypted          bool   `json:"encrypted"`
	DoubleRegistration bool   `json:"double_registration"`
}

// Device status states.
const (
	StateOnline  = "online"
	StateOffline = "offline"
)

// Registrar is what the use cases need from the SIP side: who is registered
// and a way to poke a registered device. The wiring backs it with
// internal/sip (across nodes as needed); without one every device is
// offline and actions wait for the device's next fetch.
type Registrar interface {
	// Status returns the device's registration status.
	Status(deviceID string) DeviceStatus
	// Notify sends the device's check-sync NOTIFY, asking it to reboot when
	// reboot is set, to every current binding. It fails with ENOTFOUND when
	// the device is not registered.
	Notify(ctx context.Context, d *switchboard.Device, reboot bool) error
	// Invalidate drops what the registrar cached about the SIP account with
	// this digest user name (auth name), so a deleted or moved device's
	// account changes at once rather than when the cache expires.
	Invalidate(username string)
	// InvalidateAll drops every cached account, after changes that touch
	// many (a customer's SIP domain, a site's encryption).
	InvalidateAll()
}

// invalidate tells the registrar that these accounts changed.
func (s *Service) invalidate(ds ...*switchboard.Device) {
	if s.registrar == nil {
		return
	}
	for _, d := range ds {
		if d.SIP.AuthName != "" {
			s.registrar.Invalidate(d.SIP.AuthName)
		}
	}
}

// invalidateAll tells the registrar that many accounts changed.
func (s *Service) invalidateAll() {
	if s.registrar != nil {
		s.registrar.InvalidateAll()
	}
}

// Status returns a device's registration status to the customer's
// administrators and the user of its workplace.
func (s *Service) Status(ctx context.Context, p switchboard.Principal, id string) (*DeviceStatus, error) {
	err := s.view(ctx, func(tx switchboard.Tx) error {
		_, err := deviceFor(tx, p, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.registrar == nil {
		return &DeviceStatus{State: StateOffline}, nil
	}
	st := s.registrar.Status(id)
	if st.State != StateOnline {
		st.State = StateOffline
	}
	return &st, nil
}
