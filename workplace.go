package switchboard

import "time"

// WorkplaceState is the life cycle of a workplace: ordered until its order
// has been carried out, then active, finally deleted.
type WorkplaceState string

// Workplace states.
const (
	WorkplaceOrdered WorkplaceState = "ordered"
	WorkplaceActive  WorkplaceState = "active"
	WorkplaceDeleted WorkplaceState = "deleted"
)

// Workplace is a user with numbers and an extension, the unit devices are
// handed to (seed 001 "Arbeitsplatz").
type Workplace struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer"`
	SiteID     string `json:"site"`

	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Street    string `json:"street"`
	Postcode  string `json:"postcode"`
	City      string `json:"city"`
	// Email receives the welcome mail and, without a mobile number, the
	// initial password.
	Email string `json:"email"`
	// Mobile receives the initial password by SMS unless NoMobile is set.
	Mobile   string `json:"mobile"`
	NoMobile bool   `json:"no_mobile"`
	Language string `json:"language"`

	Username  string   `json:"username"`
	Extension string   `json:"extension"`
	Numbers   []string `json:"numbers"`

	Package         Package   `json:"package"`
	PackageBookedAt time.Time `json:"package_booked_at"`

	MultiLogin bool `json:"multi_login"`
	// HotDeskPIN lets the user log in on a free device; a secret.
	HotDeskPIN string `json:"-"`
	// PortalPasswordHash is the hashed portal password; never sent.
	PortalPasswordHash string `json:"-"`
	// DeviceAdminPassword is the generated admin password of the
	// workplace's phones; a secret, shown to admins only once a device has
	// fetched a profile carrying it.
	DeviceAdminPassword string `json:"-"`
	// AdminPasswordDeliveredAt is when a device first fetched a profile with
	// the current DeviceAdminPassword; zero until then.
	AdminPasswordDeliveredAt time.Time `json:"-"`

	State     WorkplaceState `json:"state"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	// HotDesk lists the devices the workplace is logged in on by
	// hot-desking; filled by the use case that shows one workplace, not
	// stored with it.
	HotDesk []WorkplaceLogin `json:"hot_desk,omitempty"`
	// BlockedAt is when the workplace's line, shared by all its devices,
	// was blocked for calls to the public network; zero while it is not.
	BlockedAt time.Time `json:"blocked_at,omitzero"`
	// ChargeLimit is the workplace's TopStop (ChargeLimits).
	ChargeLimit int64 `json:"charge_limit"`
	// PhonebookOptOut keeps the workplace out of its customer's company
	// phonebook (issue 17).
	PhonebookOptOut bool `json:"phonebook_opt_out"`
}

// Validate checks the workplace's fields that need no other record. Rules
// that span records (unique username, free numbers, unique extension) are
// checked by the use case and enforced again by the store.
func (w *Workplace) Validate() error {
	for _, f := range []struct{ name, value string }{
		{"first_name", w.FirstName}, {"last_name", w.LastName},
	} {
		if err := ValidateName(f.name, f.value); err != nil {
			return err
		}
	}
	for _, f := range []struct{ name, value string }{
		{"street", w.Street}, {"postcode", w.Postcode}, {"city", w.City},
	} {
		if err := ValidateText(f.name, f.value); err != nil {
			return err
		}
	}
	if err := ValidateUsername(w.Username); err != nil {
		return err
	}
	if err := ValidateEmail("email", w.Email); err != nil {
		return err
	}
	if err := ValidateMobile(w.Mobile, w.NoMobile); err != nil {
		return err
	}
	if err := ValidateExtension(w.Extension); err != nil {
		return err
	}
	for _, n := range w.Numbers {
		if _, err := CanonicalE164("numbers", n); err != nil {
			return err
		}
	}
	if !w.Package.Valid() {
		return FieldErrorf("package", "package must be one of none, basic, plus, premium")
	}
	if err := ValidateChargeLimit("charge_limit", w.ChargeLimit); err != nil {
		return err
	}
	if w.Language != "" {
		if err := ValidateLanguage("language", w.Language); err != nil {
			return err
		}
	}
	return nil
}
