package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Bootstrap is what the provisioning server needs to move a phone from a
// shared URL (the initial login's "/login/", MAC provisioning's "/ztp/")
// onto its own provisioning URL: the device's model, the MAC it is known
// by and its key URL. It holds the key URL, a secret, and never leaves the
// process.
type Bootstrap struct {
	DeviceID   string
	CustomerID string
	Model      switchboard.Model
	MAC        string
	// URL is the device's provisioning URL as its model takes it.
	URL string
}

// ErrFileNotServed is returned when a zero-touch request names a file the
// device's model asks for but is not given at the shared URL: nothing is
// spent and the request is not a guess.
var ErrFileNotServed = errors.New("the file is not served at this URL")

// LoginAttempt is a phone presenting initial-login credentials (seed 000).
type LoginAttempt struct {
	Username string
	// Verify reports whether the credentials presented match a one-time
	// password; the caller compares in constant time.
	Verify func(password string) bool
	// MAC is what the request shows of the phone's MAC (User-Agent, file
	// name, client certificate), canonical; empty when it shows none.
	MAC string
	// Accept reports whether the request asks for a file the model is
	// given at the login URL (serve) and whether that file spends the
	// login (spend; a file without a secret before it does not).
	Accept func(m switchboard.Model) (serve, spend bool)
	IP     string
}

// ClaimInitialLogin finds the device whose initial login the attempt
// presents and, in one transaction, binds the phone to it: the first MAC
// to present the login spends it and becomes the device's MAC; the same
// MAC again gets the same answer (a reset phone needs no new login).
// EUNAUTHORIZED when no login matches (a guess); EFORBIDDEN when the login
// was spent by another MAC, the device has another MAC or the request
// shows none, each recorded as a security event; ErrFileNotServed when
// Accept refuses the model.
func (s *Service) ClaimInitialLogin(ctx context.Context, a LoginAttempt) (*Bootstrap, error) {
	// A guess is answered from a read-only transaction: wrong credentials,
	// which anyone can send, never wait for or hold the store's writer.
	if err := s.store.View(ctx, func(tx switchboard.Tx) error {
		_, err := loginDevice(tx, a)
		return err
	}); err != nil {
		return nil, err
	}
	var out *Bootstrap
	var refused string
	var changed *switchboard.Device
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		out, refused, changed = nil, "", nil
		now := s.clock()
		d, err := loginDevice(tx, a)
		if err != nil {
			return err
		}
		m, ok := s.catalogue.Model(d.Model)
		serve, spend := false, false
		if ok {
			serve, spend = a.Accept(m)
		}
		switch {
		case !ok:
			return fmt.Errorf("device %s: model %q is not in the catalogue", d.ID, d.Model)
		case !serve:
			return ErrFileNotServed
		case a.MAC == "":
			refused = "initial login presented by a phone that shows no MAC"
		case d.InitialLogin.UsedByMAC != "" && d.InitialLogin.UsedByMAC != a.MAC:
			refused = "initial login reused by MAC " + a.MAC + ", bound to " + d.InitialLogin.UsedByMAC
		case d.MAC != "" && d.MAC != a.MAC:
			refused = "initial login presented by MAC " + a.MAC + ", the device has MAC " + d.MAC
		}
		if refused == "" && d.MAC == "" {
			if refused, err = macTaken(tx, a.MAC); err != nil {
				return err
			}
		}
		if refused != "" {
			return securityEvent(tx, d, "provisioning.initial_login_refused", refused, a.IP, now)
		}
		if spend && d.InitialLogin.UsedByMAC == "" {
			if err := tx.ClaimInitialLogin(d.ID, a.MAC, now); err != nil {
				if switchboard.ErrorCode(err) != switchboard.ECONFLICT {
					return err
				}
				refused = "initial login refused for MAC " + a.MAC + ": " + switchboard.ErrorMessage(err)
				return securityEvent(tx, d, "provisioning.initial_login_refused", refused, a.IP, now)
			}
			changed = d
			if err := tx.AddEvent(&switchboard.Event{
				ID: switchboard.NewID("evt", now), CustomerID: d.CustomerID, Kind: switchboard.EventAudit,
				Actor: provisioningActor, Action: "device.initial_login_used", Object: d.ID,
				Detail: "initial login used by MAC " + a.MAC, IP: a.IP, At: now,
			}); err != nil {
				return err
			}
		}
		out = &Bootstrap{DeviceID: d.ID, CustomerID: d.CustomerID, Model: m, MAC: a.MAC, URL: m.ProvisioningURL(s.provURL, d.AccessKey)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.devicesChanged(ctx, changed)
	if refused != "" {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "%s", refused)
	}
	return out, nil
}

// loginDevice finds the device whose login the attempt presents;
// EUNAUTHORIZED when none does.
func loginDevice(tx switchboard.Tx, a LoginAttempt) (*switchboard.Device, error) {
	ds, err := tx.DevicesByLoginUsername(a.Username)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if a.Verify(d.InitialLogin.Password) {
			return d, nil
		}
	}
	return nil, switchboard.Errorf(switchboard.EUNAUTHORIZED, "no initial login matches the credentials")
}

// macTaken says why a MAC cannot be given to a device when another device
// has it: checked before the write, since a refused unique index would end
// a PostgreSQL transaction before its security event is written.
func macTaken(tx switchboard.Tx, mac string) (string, error) {
	_, err := tx.DeviceByMAC(mac)
	switch switchboard.ErrorCode(err) {
	case switchboard.ENOTFOUND:
		return "", nil
	case "":
		return "initial login presented by MAC " + mac + ", which another device has", nil
	}
	return "", err
}

// ClaimMACProvisioning hands the device with mac its bootstrap when its
// MAC provisioning is "once" and turns it "done", in one transaction (two
// requests racing: one wins). accept says whether the model is given the
// file asked for (serve) and whether that file spends the claim (spend; a
// file without a secret before it does not). ENOTFOUND for an unknown MAC,
// a device not armed or one that lost the race; ErrFileNotServed when the
// file is not served (nothing changes).
func (s *Service) ClaimMACProvisioning(ctx context.Context, mac, ip string, accept func(m switchboard.Model) (serve, spend bool)) (*Bootstrap, error) {
	// Unknown and spent MACs, which scanners send, and the files that do
	// not spend the claim are answered from a read-only transaction; only
	// the claim itself takes the store's writer, and looks again there.
	var out *Bootstrap
	var spend bool
	if err := s.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		_, out, spend, err = s.armed(tx, mac, accept)
		return err
	}); err != nil || !spend {
		return out, err
	}
	var changed *switchboard.Device
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		changed = nil
		d, b, _, err := s.armed(tx, mac, accept)
		if err != nil {
			return err
		}
		now := s.clock()
		if err := tx.FinishMACProvisioning(b.DeviceID, now); err != nil {
			if switchboard.ErrorCode(err) == switchboard.ECONFLICT {
				return errNotArmed
			}
			return err
		}
		out, changed = b, d
		return tx.AddEvent(&switchboard.Event{
			ID: switchboard.NewID("evt", now), CustomerID: b.CustomerID, Kind: switchboard.EventAudit,
			Actor: provisioningActor, Action: "device.mac_provisioning_done", Object: b.DeviceID,
			Detail: "bootstrap fetched by MAC " + mac, IP: ip, At: now,
		})
	})
	if err != nil {
		return nil, err
	}
	s.devicesChanged(ctx, changed)
	return out, nil
}

// errNotArmed answers every /ztp/ request that gets nothing, alike.
var errNotArmed = switchboard.Errorf(switchboard.ENOTFOUND, "no device with this MAC is armed for MAC provisioning")

// armed finds the device armed for MAC provisioning with mac, the
// bootstrap it is given, and whether the file asked for spends the claim.
func (s *Service) armed(tx switchboard.Tx, mac string, accept func(m switchboard.Model) (serve, spend bool)) (*switchboard.Device, *Bootstrap, bool, error) {
	d, err := tx.DeviceByMAC(mac)
	switch {
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return nil, nil, false, errNotArmed
	case err != nil:
		return nil, nil, false, err
	case d.MACProvisioning != switchboard.MACOnce:
		return nil, nil, false, errNotArmed
	}
	m, ok := s.catalogue.Model(d.Model)
	if !ok {
		return nil, nil, false, ErrFileNotServed
	}
	serve, spend := accept(m)
	if !serve {
		return nil, nil, false, ErrFileNotServed
	}
	b := &Bootstrap{DeviceID: d.ID, CustomerID: d.CustomerID, Model: m, MAC: mac, URL: m.ProvisioningURL(s.provURL, d.AccessKey)}
	return d, b, spend, nil
}

// securityEvent records a refusal of a device's zero-touch request.
func securityEvent(tx switchboard.Tx, d *switchboard.Device, action, detail, ip string, now time.Time) error {
	return tx.AddEvent(&switchboard.Event{
		ID: switchboard.NewID("evt", now), CustomerID: d.CustomerID, Kind: switchboard.EventSecurity,
		Actor: provisioningActor, Action: action, Object: d.ID, Detail: detail, IP: ip, At: now,
	})
}
