package storetest

import (
	"fmt"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// world is a small set of records most tests start from: two customers,
// a site each and a workplace of the first customer.
type world struct {
	c1, c2 *switchboard.Customer
	s1, s2 *switchboard.Site
	w1     *switchboard.Workplace
}

func newCustomer(n int) *switchboard.Customer {
	return &switchboard.Customer{
		ID: fmt.Sprintf("cus_%03d", n), Name: fmt.Sprintf("Customer %d", n),
		AdminEmail: fmt.Sprintf("admin@c%d.example", n), SIPDomain: fmt.Sprintf("c%d.sip.example", n),
		AllowList: switchboard.AllowList{Enabled: true, CIDRs: []string{"192.0.2.0/24", "2001:db8::/32"}},
		CreatedAt: utc(at), UpdatedAt: utc(at),
	}
}

func newSite(id string, c *switchboard.Customer) *switchboard.Site {
	return &switchboard.Site{ID: id, CustomerID: c.ID, Name: "Head office", Address: "Hauptstr. 1, Berlin",
		TimeZone: "Europe/Berlin", Language: "de", Encryption: true, NTPServers: []string{}, CreatedAt: utc(at), UpdatedAt: utc(at)}
}

func newWorkplace(id string, s *switchboard.Site, username, ext string) *switchboard.Workplace {
	return &switchboard.Workplace{
		ID: id, CustomerID: s.CustomerID, SiteID: s.ID,
		FirstName: "Anna", LastName: "Schmidt", Street: "Hauptstr. 1", Postcode: "10115", City: "Berlin",
		Email: "anna@example.com", Mobile: "+4915112345678", Language: "de",
		Username: username, Extension: ext, Numbers: []string{},
		Package: switchboard.PackageBasic, PackageBookedAt: utc(at),
		MultiLogin: true, HotDeskPIN: "4711", PortalPasswordHash: "$argon2id$v=19$abc",
		DeviceAdminPassword: "8372649182736451", AdminPasswordDeliveredAt: utc(later),
		State: switchboard.WorkplaceActive, CreatedAt: utc(at), UpdatedAt: utc(at),
	}
}

func newDevice(id string, w *switchboard.Workplace, mac, sipUser, key string) *switchboard.Device {
	return &switchboard.Device{
		ID: id, CustomerID: w.CustomerID, WorkplaceID: w.ID, Model: "yealink-t54w",
		Kind: switchboard.KindDeskPhone, Description: "Reception", MAC: mac, MACProvisioning: switchboard.MACOnce,
		AccessKey: key, AdminPassword: "1234", AdminPasswordManual: true,
		WebUser: "admin", WebPassword: "webpass-" + id, WebPasswordManual: false,
		Keys: []switchboard.FunctionKey{
			{Module: 0, Index: 1, Type: switchboard.KeyLine, Value: "", Label: "Line"},
			{Module: 1, Index: 3, Type: switchboard.KeyBLF, Value: "202", Label: "Bob"},
		},
		SIP:           switchboard.SIPAccount{Username: sipUser, AuthName: sipUser + "-auth", Password: "sip-" + id},
		InitialLogin:  switchboard.InitialLogin{Username: "il-" + id, Password: "otp-" + id},
		PendingAction: switchboard.ActionReconfigure,
		LastAccess:    switchboard.Access{At: utc(later), IP: "192.0.2.7", UserAgent: "Yealink SIP-T54W 96.86", File: "y000000000000.cfg"},
		CreatedAt:     utc(at), UpdatedAt: utc(at),
	}
}

// setup creates the world in s.
func setup(t *testing.T, s switchboard.Store) world {
	t.Helper()
	w := world{c1: newCustomer(1), c2: newCustomer(2)}
	w.s1, w.s2 = newSite("site_1", w.c1), newSite("site_2", w.c2)
	w.w1 = newWorkplace("wp_1", w.s1, "anna.schmidt", "201")
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreateCustomer, w.c1, w.c2); err != nil {
			return err
		}
		if err := each(tx.CreateSite, w.s1, w.s2); err != nil {
			return err
		}
		return tx.CreateWorkplace(w.w1)
	})
	return w
}
