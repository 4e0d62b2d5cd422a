package app_test

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/sbtest/stores"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// sipAccountsStore returns a SQLite store with two customers (one with a
// SIP domain of its own), an encrypted and a plain site, and devices with
// SIP accounts: at each site, without a workplace, and one whose auth name
// differs from its username.
func sipAccountsStore(t *testing.T) switchboard.Store {
	t.Helper()
	ctx := context.Background()
	db := stores.SQLite(t)(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx switchboard.Tx) error {
		for _, c := range []*switchboard.Customer{
			{ID: "cus_own", Name: "Own Domain", AdminEmail: "it@own.example", SIPDomain: "own.sip.example"},
			{ID: "cus_none", Name: "No Domain", AdminEmail: "it@none.example"},
		} {
			c.CreatedAt, c.UpdatedAt = now, now
			if err := tx.CreateCustomer(c); err != nil {
				return err
			}
		}
		for _, s := range []*switchboard.Site{
			{ID: "sit_tls", CustomerID: "cus_own", Name: "Encrypted", TimeZone: "Europe/Berlin", Language: "de", Encryption: true},
			{ID: "sit_plain", CustomerID: "cus_none", Name: "Plain", TimeZone: "Europe/Berlin", Language: "de"},
		} {
			s.CreatedAt, s.UpdatedAt = now, now
			if err := tx.CreateSite(s); err != nil {
				return err
			}
		}
		for _, w := range []*switchboard.Workplace{
			{ID: "wpl_tls", CustomerID: "cus_own", SiteID: "sit_tls", FirstName: "Anna", LastName: "Tls", Username: "anna", Extension: "200"},
			{ID: "wpl_plain", CustomerID: "cus_none", SiteID: "sit_plain", FirstName: "Bert", LastName: "Plain", Username: "bert", Extension: "201"},
		} {
			w.CreatedAt, w.UpdatedAt = now, now
			if err := tx.CreateWorkplace(w); err != nil {
				return err
			}
		}
		for _, d := range []*switchboard.Device{
			{ID: "dev_tls", CustomerID: "cus_own", WorkplaceID: "wpl_tls", SIP: switchboard.SIPAccount{Username: "u-tls", AuthName: "u-tls", Password: "pw-tls"}},
			{ID: "dev_plain", CustomerID: "cus_none", WorkplaceID: "wpl_plain", SIP: switchboard.SIPAccount{Username: "u-plain", AuthName: "u-plain", Password: "pw-plain"}},
			{ID: "dev_spare", CustomerID: "cus_none", SIP: switchboard.SIPAccount{Username: "u-spare", Password: "pw-spare"}},
			{ID: "dev_other", CustomerID: "cus_own", SIP: switchboard.SIPAccount{Username: "u-other", AuthName: "auth-other", Password: "pw-other"}},
		} {
			d.Model, d.CreatedAt, d.UpdatedAt = "acme-d100", now, now
			if err := tx.CreateDevice(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSIPAccounts looks accounts up by digest user name: realm from the
// customer's SIP domain or the default, encryption from the device's site,
// HA1 for that realm, and ENOTFOUND for unknown names and for a username
// whose auth name differs.
func TestSIPAccounts(t *testing.T) {
	accounts := app.NewSIPAccounts(sipAccountsStore(t), "sip.example.net")
	ctx := context.Background()
	for _, c := range []struct {
		username, device, customer, realm, password string
		encryption                                  bool
	}{
		{"u-tls", "dev_tls", "cus_own", "own.sip.example", "pw-tls", true},
		{"u-plain", "dev_plain", "cus_none", "sip.example.net", "pw-plain", false},
		{"u-spare", "dev_spare", "cus_none", "sip.example.net", "pw-spare", false},
		{"u-other", "", "", "", "", false},
		{"auth-other", "", "", "", "", false},
		{"nobody", "", "", "", "", false},
	} {
		t.Run(c.username, func(t *testing.T) {
			a, err := accounts.Account(ctx, c.username)
			pw, pwErr := accounts.Password(ctx, c.username)
			if c.device == "" {
				if switchboard.ErrorCode(err) != switchboard.ENOTFOUND || switchboard.ErrorCode(pwErr) != switchboard.ENOTFOUND {
					t.Fatalf("Account: %v, Password: %v; want ENOTFOUND from both", err, pwErr)
				}
				return
			}
			if err != nil || pwErr != nil {
				t.Fatalf("Account: %v, Password: %v", err, pwErr)
			}
			if a.Username != c.username || a.AOR != c.username || a.DeviceID != c.device || a.CustomerID != c.customer ||
				a.Realm != c.realm || a.Encryption != c.encryption {
				t.Errorf("account %+v, want device %s of %s in realm %s, encryption %v", a, c.device, c.customer, c.realm, c.encryption)
			}
			if a.HA1MD5 != digest.HA1(digest.MD5, c.username, c.realm, c.password) || a.HA1SHA256 != digest.HA1(digest.SHA256, c.username, c.realm, c.password) {
				t.Error("HA1 values are not those of the password in the account's realm")
			}
			if pw != c.password {
				t.Errorf("Password = %q, want %q", pw, c.password)
			}
		})
	}
}
