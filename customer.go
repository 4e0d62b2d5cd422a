package switchboard

import "time"

// Customer is a tenant: one company whose workplaces, numbers and devices are
// visible only to its own administrators and to the operator.
type Customer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// AdminEmail receives order confirmations and other notices for the
	// company's administrators.
	AdminEmail string `json:"admin_email"`
	// SIPDomain is the realm the customer's SIP accounts register in.
	SIPDomain string `json:"sip_domain"`
	// AllowList restricts from which addresses the customer's devices may
	// fetch their profiles.
	AllowList AllowList `json:"ip_allow_list"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// ChargeLimit is the customer's (vPBX's) TopStop (ChargeLimits).
	ChargeLimit int64 `json:"charge_limit"`
}

// AllowList is a customer's IP allow-list (seed 004 "IP-Listing"): with
// Enabled, a device fetching from an address outside CIDRs gets nothing.
type AllowList struct {
	Enabled bool     `json:"enabled"`
	CIDRs   []string `json:"cidrs"`
}

// Validate checks the customer's own fields.
func (c *Customer) Validate() error {
	if err := ValidateName("name", c.Name); err != nil {
		return err
	}
	if err := ValidateEmail("admin_email", c.AdminEmail); err != nil {
		return err
	}
	if err := ValidateDomain("sip_domain", c.SIPDomain); err != nil {
		return err
	}
	if err := ValidateChargeLimit("charge_limit", c.ChargeLimit); err != nil {
		return err
	}
	return c.AllowList.Validate()
}

// Site is a location of a customer. Its time zone and language flow into the
// profiles of its devices; Encryption forces TLS and SRTP for them.
type Site struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer"`
	Name       string `json:"name"`
	Address    string `json:"address"`
	TimeZone   string `json:"time_zone"`
	Language   string `json:"language"`
	Encryption bool   `json:"encryption"`
	// NTPServers are the site's own time servers, preferred first; empty
	// means the operator's default (--ntp-servers).
	NTPServers []string `json:"ntp_servers"`
	// ResyncMinutes is how often the site's phones ask for their profile
	// by themselves; 0 means the operator's default (--resync-interval).
	ResyncMinutes int       `json:"resync_minutes"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Validate checks the site's own fields.
func (s *Site) Validate() error {
	if err := ValidateName("name", s.Name); err != nil {
		return err
	}
	if err := ValidateText("address", s.Address); err != nil {
		return err
	}
	if err := ValidateTimeZone("time_zone", s.TimeZone); err != nil {
		return err
	}
	if err := ValidateNTPServers("ntp_servers", s.NTPServers); err != nil {
		return err
	}
	if err := ValidateResyncMinutes("resync_minutes", s.ResyncMinutes); err != nil {
		return err
	}
	return ValidateLanguage("language", s.Language)
}

// Number is a public phone number (E.164) owned by a customer and assigned
// to at most one workplace.
type Number struct {
	E164        string    `json:"number"`
	CustomerID  string    `json:"customer"`
	WorkplaceID string    `json:"workplace,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// ChargeLimit is the number's TopStop (ChargeLimits).
	ChargeLimit int64 `json:"charge_limit"`
}
