package app

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip"
)

// SIPAccounts is the registrar's account source (sip.AccountSource): a
// device's own SIP account, with HA1 values for its customer's SIP domain
// and its site's encryption rule. It needs only the store, so it exists
// before the registrar and the Service that uses the registrar.
type SIPAccounts struct {
	store switchboard.Store
	// domain is the realm of customers without a SIP domain of their own.
	domain string
}

// NewSIPAccounts returns the account lookup over store; domain is the
// realm of customers that have no SIP domain of their own.
func NewSIPAccounts(store switchboard.Store, domain string) *SIPAccounts {
	return &SIPAccounts{store: store, domain: domain}
}

// Account looks a device up by its SIP auth name: ENOTFOUND when no device
// has it.
func (a *SIPAccounts) Account(ctx context.Context, username string) (*sip.Account, error) {
	var acct *sip.Account
	err := a.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := deviceByAuthName(tx, username)
		if err != nil {
			return err
		}
		c, err := tx.Customer(d.CustomerID)
		if err != nil {
			return fmt.Errorf("customer of device %s: %w", d.ID, err)
		}
		acct = &sip.Account{Username: username, AOR: d.SIP.Username, DeviceID: d.ID, CustomerID: d.CustomerID, Realm: c.SIPDomain,
			AllowList: c.AllowList}
		if acct.Realm == "" {
			acct.Realm = a.domain
		}
		if acct.Encryption, err = siteEncryption(tx, d); err != nil {
			return err
		}
		acct.SetPassword(d.SIP.Password)
		return nil
	})
	return acct, err
}

// siteEncryption says whether the site of the workplace whose line the
// device carries (linked or logged in) requires encryption; a free device
// has no site and no such rule.
func siteEncryption(tx switchboard.Tx, d *switchboard.Device) (bool, error) {
	if d.LineWorkplace() == "" {
		return false, nil
	}
	w, err := tx.Workplace(d.LineWorkplace())
	if err != nil {
		return false, fmt.Errorf("workplace of device %s: %w", d.ID, err)
	}
	site, err := tx.Site(w.SiteID)
	if err != nil {
		return false, fmt.Errorf("site of device %s: %w", d.ID, err)
	}
	return site.Encryption, nil
}

// Password returns the device's SIP password, for a phone challenging our
// NOTIFY: ENOTFOUND when no device has the auth name.
func (a *SIPAccounts) Password(ctx context.Context, username string) (string, error) {
	var pw string
	err := a.store.View(ctx, func(tx switchboard.Tx) error {
		d, err := deviceByAuthName(tx, username)
		if err == nil {
			pw = d.SIP.Password
		}
		return err
	})
	return pw, err
}

// deviceByAuthName finds the device whose SIP auth name is username. The
// store indexes the SIP username, which the use cases make the auth name
// too; a device whose auth name differs is not found by its username.
func deviceByAuthName(tx switchboard.Tx, username string) (*switchboard.Device, error) {
	d, err := tx.DeviceBySIPUsername(username)
	if err != nil {
		return nil, err
	}
	if d.SIP.AuthName != "" && d.SIP.AuthName != username {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no SIP account %q", username)
	}
	return d, nil
}
