package switchboard

import (
	"context"
	"time"
)

// Registrar is what the use cases need from the SIP side: who is
// registered, a way to poke a registered device, and a way to drop what it
// cached about accounts that changed. Without one every device is offline
// and actions wait for the device's next fetch.
type Registrar interface {
	CredentialRevoker
	// Status returns the device's registration status.
	Status(deviceID string) DeviceStatus
	// Statuses returns the status of each device, in order, reading what
	// it needs for all of them at once: the fleet statistics ask for a
	// page of a thousand devices at a time.
	Statuses(deviceIDs []string) []DeviceStatus
	// Notify sends the device's NOTIFY (check-sync, or a reboot when
	// reboot is set) to every current binding and reports one outcome per
	// binding. It fails with ENOTFOUND when the device is not registered.
	Notify(ctx context.Context, d *Device, reboot bool) ([]BindingOutcome, error)
	// Invalidate drops what the registrar cached about the SIP account with
	// this digest user name (auth name), so a deleted or moved device's
	// account changes at once rather than when the cache expires.
	Invalidate(username string)
	// InvalidateAll drops every cached account, after changes that touch
	// many (a customer's SIP domain, a site's encryption).
	InvalidateAll()
}

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
	// LineBlocked says the device may not call the public network: its
	// line or its workplace's is blocked (LineBlocked).
	LineBlocked bool `json:"line_blocked"`
	// Firmware is the version the device's User-Agent names (running);
	// TargetFirmware the version its profile tells it to run (its
	// rollout's or the pin in force); Rollout and RolloutState the active
	// rollout it is in and where it stands there: scheduled (its turn in
	// the ring's spread has not come), waiting, upgraded or failed (issue
	// 17).
	Firmware       string `json:"firmware,omitempty"`
	TargetFirmware string `json:"target_firmware,omitempty"`
	Rollout        string `json:"rollout,omitempty"`
	RolloutState   string `json:"rollout_state,omitempty"`
}

// Device status states.
const (
	StateOnline  = "online"
	StateOffline = "offline"
)

// BindingOutcome is what became of an action's NOTIFY to one registration
// of the device.
type BindingOutcome struct {
	Contact   string `json:"contact,omitempty"`
	Transport string `json:"transport,omitempty"`
	// State is sent (no answer yet, or handed to the node holding the
	// registration), answered (Code is the phone's final answer), or
	// failed (Error says why).
	State  string `json:"state"`
	Code   int    `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"`
}
