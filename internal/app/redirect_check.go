package app

import (
	"context"
	"errors"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/services"
)

// RedirectCheck is what a redirect service says about a device's MAC.
type RedirectCheck struct {
	Service string `json:"service"`
	Account string `json:"account"`
	MAC     string `json:"mac"`
	// State is free, ours (the account holds the MAC), other (another
	// account holds it) or unknown (the service has no look-up).
	State string `json:"state"`
	// URL is where the MAC points when the service tells.
	URL string `json:"url,omitempty"`
	// Message says the same in words.
	Message string `json:"message"`
}

// CheckRedirect asks the redirect service of the device's model, through
// the account serving the device's customer, where the device's MAC points.
// Administrators of the device's customer only. A device without MAC,
// whose model has no redirect service or without an account for it is a
// conflict saying so; a service that cannot be reached answers its error.
func (s *Service) CheckRedirect(ctx context.Context, p switchboard.Principal, deviceID string) (*RedirectCheck, error) {
	var d *switchboard.Device
	var a *switchboard.RedirectAccount
	var svc services.Service
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if d, err = deviceToChange(tx, p, deviceID); err != nil {
			return err
		}
		if d.MAC == "" {
			return switchboard.Errorf(switchboard.ECONFLICT, "device %q has no MAC to look up; set mac first", d.ID)
		}
		m, _ := s.catalogue.Model(d.Model)
		var ok bool
		if svc, ok = services.ForModel(m); !ok {
			return switchboard.Errorf(switchboard.ECONFLICT, "The %s has no redirect service Switchboard can use.", displayName(m, d))
		}
		a, err = tx.RedirectAccountFor(d.CustomerID, svc.Name)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return switchboard.Errorf(switchboard.ECONFLICT, "No redirect service account for %s serves this device's customer; add one first.", svc.Title)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	conn, err := services.Connect(a, s.ztpURL(), nil)
	if err != nil {
		return nil, err
	}
	out := &RedirectCheck{Service: svc.Title, Account: a.ID, MAC: d.MAC, State: "unknown"}
	st, err := conn.Check(ctx, d.MAC)
	switch {
	case errors.Is(err, redirect.ErrNoLookup):
		out.Message = switchboard.ErrorMessage(err)
		return out, nil
	case switchboard.ErrorCode(err) == switchboard.EUNAUTHORIZED:
		// The account's credentials, not the caller's: not a 401.
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "%s", switchboard.ErrorMessage(err))
	case err != nil:
		return nil, err
	}
	out.State, out.URL = st.State.String(), st.URL
	mac := showMAC(d.MAC)
	switch st.State {
	case redirect.Free:
		out.Message = fmt.Sprintf("No %s account holds MAC %s.", svc.Title, mac)
	case redirect.Ours:
		out.Message = fmt.Sprintf("Account %q at %s holds MAC %s", a.Name, svc.Title, mac)
		if st.URL != "" {
			out.Message += ", pointing at " + st.URL
		}
		out.Message += "."
	default:
		out.Message = fmt.Sprintf("Another %s account holds MAC %s; release it there or ask %s to release it.", svc.Title, mac, svc.Vendor)
	}
	return out, nil
}
