package switchboard

import "time"

// HotDeskTx holds what linking and hot-desking (seed 003) need from the
// store beyond the device and workplace records: the free devices and
// workplaces an administrator chooses from, the devices a workplace is
// logged in on, the sites' automatic log-out times and the failed PIN
// attempts that limit guessing.
type HotDeskTx interface {
	// FreeDevices lists, in id order, the devices linked to no workplace
	// and with no hot-desk login; an empty customer id lists every
	// customer's.
	FreeDevices(customerID string, p Page) ([]*Device, string, error)
	// FreeWorkplaces lists, in id order, a customer's active workplaces
	// with room for another desk phone: fewer desk phones linked or
	// logged in by hot-desking than allowed (one, two with multi-login).
	FreeWorkplaces(customerID string, p Page) ([]*Workplace, string, error)
	// HotDeskDevices lists the devices the workplace is logged in on by
	// hot-desking; an empty workplace id lists every logged-in device.
	HotDeskDevices(workplaceID string) ([]*Device, error)
	// SetSiteAutoLogout sets the local time ("03:00") at which every
	// hot-desk login at the site ends; empty clears it. ENOTFOUND when the
	// site does not exist.
	SetSiteAutoLogout(siteID, at string) error
	// SiteAutoLogouts returns the automatic log-out time of every site
	// that has one, by site id.
	SiteAutoLogouts() (map[string]string, error)
	// CountEvents counts the events with the action about the object
	// recorded at or after since.
	CountEvents(action, object string, since time.Time) (int, error)
}

// HotDeskLogin is a workplace logged in on a free device by hot-desking.
type HotDeskLogin struct {
	Workplace string    `json:"workplace"`
	Since     time.Time `json:"since"`
}

// LineWorkplace is the workplace whose lines the device carries: the one
// it is linked to, else the one logged in on it by hot-desking, else none.
func (d *Device) LineWorkplace() string {
	if d.WorkplaceID == "" && d.HotDesk != nil {
		return d.HotDesk.Workplace
	}
	return d.WorkplaceID
}

// ValidateClockTime checks a local time of day in the form "15:04"; empty
// means none.
func ValidateClockTime(field, v string) error {
	if v == "" {
		return nil
	}
	if _, err := time.Parse("15:04", v); err != nil || len(v) != 5 {
		return FieldErrorf(field, "%s %q is not a time of day such as 03:00", field, v)
	}
	return nil
}

// WorkplaceLogin is one device a workplace is logged in on by hot-desking,
// as the workplace view shows it.
type WorkplaceLogin struct {
	Device string    `json:"device"`
	Since  time.Time `json:"since"`
}
