package app

import (
	"encoding/json"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// The customer export (issue 17 item 4) is one JSON document, described
// field by field in docs/export-format.md. ExportFormatName and
// ExportVersion identify it; an importer refuses other names and newer
// versions, so a file never loses meaning silently.
const (
	ExportFormatName = "switchboard.customer-export"
	ExportVersion    = 1
)

// Export is a customer with everything that makes up its installation:
// the records as the API shows them (ids kept, so references hold), and
// the secrets apart, sealed with a passphrase (ExportSecrets). Without
// Secrets the file documents the installation but cannot be imported.
type Export struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`

	Customer         *switchboard.Customer          `json:"customer"`
	Sites            []ExportSite                   `json:"sites"`
	Numbers          []*switchboard.Number          `json:"numbers"`
	Workplaces       []*switchboard.Workplace       `json:"workplaces"`
	Devices          []*switchboard.Device          `json:"devices"`
	Contacts         []*switchboard.Contact         `json:"contacts"`
	RedirectAccounts []*switchboard.RedirectAccount `json:"redirect_accounts"`
	// CallSettings, Trunks and MonitoringAccounts are the customer's call
	// part (issue 16): the workplaces' call settings where they were
	// changed from the defaults, the trunks and the CTI monitoring accounts.
	CallSettings       []*switchboard.CallSettings      `json:"call_settings"`
	Trunks             []*switchboard.Trunk             `json:"trunks"`
	MonitoringAccounts []*switchboard.MonitoringAccount `json:"monitoring_accounts"`
	// Extensions holds sections other parts of Switchboard add by name
	// (call settings, for one) with their own version inside; an importer
	// that does not know a section refuses the file rather than drop it.
	Extensions map[string]json.RawMessage `json:"extensions,omitempty"`
	// Secrets is ExportSecrets sealed with the passphrase; absent when the
	// export was made without one.
	Secrets *SealedSecrets `json:"secrets,omitempty"`
}

// ExportSite is a site with its hot-desk automatic log-out time.
type ExportSite struct {
	*switchboard.Site
	AutoLogout string `json:"auto_logout,omitempty"`
}

// ExportSecrets are the values the API never shows, by record id.
type ExportSecrets struct {
	Workplaces       map[string]WorkplaceSecrets  `json:"workplaces"`
	Devices          map[string]DeviceSecrets     `json:"devices"`
	RedirectAccounts map[string]map[string]string `json:"redirect_accounts"`
	// Trunks are the trunks' passwords, MonitoringAccounts the monitoring
	// accounts' password hashes (never a password).
	Trunks             map[string]string `json:"trunks"`
	MonitoringAccounts map[string]string `json:"monitoring_accounts"`
}

// WorkplaceSecrets are a workplace's hidden fields.
type WorkplaceSecrets struct {
	HotDeskPIN               string    `json:"hot_desk_pin,omitempty"`
	PortalPasswordHash       string    `json:"portal_password_hash,omitempty"`
	DeviceAdminPassword      string    `json:"device_admin_password,omitempty"`
	AdminPasswordDeliveredAt time.Time `json:"admin_password_delivered_at,omitzero"`
}

// DeviceSecrets are a device's hidden fields: its credentials.
type DeviceSecrets struct {
	AccessKey     string      `json:"access_key"`
	AdminPassword string      `json:"admin_password,omitempty"`
	WebPassword   string      `json:"web_password,omitempty"`
	SIP           ExportSIP   `json:"sip"`
	PreviousSIP   ExportSIP   `json:"previous_sip,omitzero"`
	InitialLogin  ExportLogin `json:"initial_login,omitzero"`
}

// ExportSIP is a SIP account.
type ExportSIP struct {
	Username string `json:"username,omitempty"`
	AuthName string `json:"auth_name,omitempty"`
	Password string `json:"password,omitempty"`
}

// ExportLogin is a device's initial login.
type ExportLogin struct {
	Username  string    `json:"username,omitempty"`
	Password  string    `json:"password,omitempty"`
	UsedAt    time.Time `json:"used_at,omitzero"`
	UsedByMAC string    `json:"used_by_mac,omitempty"`
}

// deviceSecrets takes d's hidden fields.
func deviceSecrets(d *switchboard.Device) DeviceSecrets {
	return DeviceSecrets{
		AccessKey: d.AccessKey, AdminPassword: d.AdminPassword, WebPassword: d.WebPassword,
		SIP:          ExportSIP(d.SIP),
		PreviousSIP:  ExportSIP(d.PreviousSIP),
		InitialLogin: ExportLogin(d.InitialLogin),
	}
}

// apply puts the hidden fields back onto d.
func (s DeviceSecrets) apply(d *switchboard.Device) {
	d.AccessKey, d.AdminPassword, d.WebPassword = s.AccessKey, s.AdminPassword, s.WebPassword
	d.SIP, d.PreviousSIP = switchboard.SIPAccount(s.SIP), switchboard.SIPAccount(s.PreviousSIP)
	d.InitialLogin = switchboard.InitialLogin(s.InitialLogin)
}

// workplaceSecrets takes w's hidden fields.
func workplaceSecrets(w *switchboard.Workplace) WorkplaceSecrets {
	return WorkplaceSecrets{HotDeskPIN: w.HotDeskPIN, PortalPasswordHash: w.PortalPasswordHash,
		DeviceAdminPassword: w.DeviceAdminPassword, AdminPasswordDeliveredAt: w.AdminPasswordDeliveredAt}
}

// apply puts the hidden fields back onto w.
func (s WorkplaceSecrets) apply(w *switchboard.Workplace) {
	w.HotDeskPIN, w.PortalPasswordHash, w.DeviceAdminPassword = s.HotDeskPIN, s.PortalPasswordHash, s.DeviceAdminPassword
	w.AdminPasswordDeliveredAt = s.AdminPasswordDeliveredAt
}
