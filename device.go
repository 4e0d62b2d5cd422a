package switchboard

import "time"

// DeviceKind says what a device is; it decides which profile and settings it
// gets.
type DeviceKind string

// Device kinds (DESIGN §5).
const (
	KindDeskPhone     DeviceKind = "desk_phone"
	KindDECTBase      DeviceKind = "dect_base"
	KindDECTHandset   DeviceKind = "dect_handset"
	KindAdapter       DeviceKind = "adapter"
	KindDesktopClient DeviceKind = "desktop_client"
	KindMobileClient  DeviceKind = "mobile_client"
	KindWebPhone      DeviceKind = "web_phone"
	KindUniversal     DeviceKind = "universal"
)

// MACProvisioning is the state of provisioning through a vendor's redirect
// service (seed 004 "Provisioning MAC": non / une fois / fini).
type MACProvisioning string

// MAC provisioning states; re-arming sets MACOnce again.
const (
	MACOff  MACProvisioning = "off"
	MACOnce MACProvisioning = "once"
	MACDone MACProvisioning = "done"
)

// Valid reports whether m is a known state.
func (m MACProvisioning) Valid() bool {
	return m == MACOff || m == MACOnce || m == MACDone
}

// Device is an endpoint handed to a workplace, or free for hot-desking when
// WorkplaceID is empty.
type Device struct {
	ID          string     `json:"id"`
	CustomerID  string     `json:"customer"`
	WorkplaceID string     `json:"workplace,omitempty"`
	Model       string     `json:"model"`
	Kind        DeviceKind `json:"kind"`
	Description string     `json:"description"`
	// MAC is canonical: 12 lower-case hex digits, or empty.
	MAC             string          `json:"mac"`
	MACProvisioning MACProvisioning `json:"mac_provisioning"`
	// AccessKey is the secret part of the provisioning URL (48 hex digits).
	AccessKey string `json:"-"`
	// AdminPassword is the phone's admin password: 4–9 digits when set by
	// hand (AdminPasswordManual), else 40 generated digits never shown.
	AdminPassword       string `json:"-"`
	AdminPasswordManual bool   `json:"admin_password_manual"`
	WebUser             string `json:"web_user"`
	WebPassword         string `json:"-"`
	WebPasswordManual   bool   `json:"web_password_manual"`
	// BaseID is the DECT base station a handset is attached to.
	BaseID        string        `json:"base,omitempty"`
	Keys          []FunctionKey `json:"keys"`
	SIP           SIPAccount    `json:"-"`
	InitialLogin  InitialLogin  `json:"-"`
	PendingAction Action        `json:"pending_action,omitempty"`
	// LastAction is the last action asked of the device and whether and
	// how it reached it; zero before the first.
	LastAction ActionRecord `json:"last_action,omitzero"`
	LastAccess Access       `json:"last_access"`
	CreatedAt  time.Time    `json:"created_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
	// LabelCode is the code printed on the device label beside the MAC
	// that some redirect services ask for as proof of possession: the
	// MAC-ID check code for Gigaset, the serial number for Grandstream.
	LabelCode string `json:"label_code,omitempty"`
	// Redirect is the outcome of the device's last call to its vendor's
	// redirect service; zero before the first.
	Redirect RedirectStatus `json:"redirect,omitzero"`
	// HotDesk is the workplace logged in on this free device by
	// hot-desking (seed 003); nil when none is.
	HotDesk *HotDeskLogin `json:"hot_desk,omitempty"`
	// BlockedAt is when the device's line was blocked for calls to the
	// public network (seed 004, fraud); zero while it is not.
	BlockedAt time.Time `json:"blocked_at,omitzero"`
	// SIPRotatedAt is when the SIP account was last replaced (new SIP
	// credentials); zero while the device has its first one.
	SIPRotatedAt time.Time `json:"sip_credentials_rotated_at,omitzero"`
	// PreviousSIP is the SIP account the last rotation replaced: refused
	// by the registrar, kept only so the registrar can answer the phone's
	// challenge to the NOTIFY that makes it fetch the new one.
	PreviousSIP SIPAccount `json:"-"`
}

// ActionRecord follows a device action from the request to the device:
// pending until a profile fetch carried it out, then done, with when and
// how it was delivered.
type ActionRecord struct {
	Action      Action    `json:"action"`
	State       string    `json:"state"`
	RequestedAt time.Time `json:"requested_at"`
	DeliveredAt time.Time `json:"delivered_at,omitzero"`
	// DeliveredBy says how it reached the device ("profile fetched at …
	// from 192.0.2.7").
	DeliveredBy string `json:"delivered_by,omitempty"`
}

// Action record states.
const (
	ActionStatePending = "pending"
	ActionStateDone    = "done"
)

// SIPAccount is the device's own SIP account; Password is a secret.
type SIPAccount struct {
	Username string
	AuthName string
	Password string
}

// InitialLogin is the one-time login a user types on a phone pointed at the
// shared login URL (seed 000 "Erstanmelde-Daten"); it works on one device.
type InitialLogin struct {
	Username  string
	Password  string
	UsedAt    time.Time
	UsedByMAC string
}

// Access records the last profile fetch of a device, or the last refused
// attempt of a device whose key or account was right (Refusal says why).
type Access struct {
	At        time.Time `json:"at"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"user_agent"`
	File      string    `json:"file"`
	// Refusal is why the access was refused ("address not on the
	// customer's allow-list"); empty for an answered fetch.
	Refusal string `json:"refusal,omitempty"`
}

// Action is a request to a device that may wait until the device is next
// seen: reset, reconfigure, sync or reboot.
type Action string

// Device actions.
const (
	ActionNone        Action = ""
	ActionReset       Action = "reset"
	ActionReconfigure Action = "reconfigure"
	ActionSync        Action = "sync"
	ActionReboot      Action = "reboot"
)

// KeyType is what a function key does.
type KeyType string

// Function key types offered on every vendor that supports them.
const (
	KeyLine      KeyType = "line"
	KeySpeedDial KeyType = "speed_dial"
	KeyBLF       KeyType = "blf"
	KeyVoicemail KeyType = "voicemail"
	KeyDirectory KeyType = "directory"
	KeyGroup     KeyType = "group"
	KeyExtension KeyType = "extension"
)

// FunctionKey is one programmable key. Module 0 is the phone itself, 1..n
// its expansion modules; Index counts from 1 within the module.
type FunctionKey struct {
	Module int     `json:"module"`
	Index  int     `json:"index"`
	Type   KeyType `json:"type"`
	// Value and Label may be left out where the type needs none (API
	// schema: not required).
	Value string `json:"value" required:"false"`
	Label string `json:"label" required:"false"`
}
