package app

import (
	"context"
	"errors"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// validateKeys checks function keys against the device's model with the
// domain's rules (switchboard.Model.ValidateKeys). The body of
// PUT /devices/{id}/keys is the list itself, so the field an error names is
// the element ("[2].type"), not "keys[2].type".
func validateKeys(m switchboard.Model, keys []switchboard.FunctionKey) error {
	err := m.ValidateKeys(keys)
	var e *switchboard.Error
	if errors.As(err, &e) && strings.HasPrefix(e.Field, "keys[") {
		return &switchboard.Error{Code: e.Code, Message: e.Message, Field: strings.TrimPrefix(e.Field, "keys")}
	}
	return err
}

// AdminPasswordView is a workplace's generated device admin password, with
// when a device first fetched a profile carrying it.
type AdminPasswordView struct {
	Password    string    `json:"password"`
	DeliveredAt time.Time `json:"delivered_at"`
	// Devices are the workplace's devices that carry the password, each
	// with the password as it holds it: the first digits only where the
	// firmware takes fewer than 40 (Model.MaxPassword).
	Devices []DeviceAdminPassword `json:"devices"`
}

// DeviceAdminPassword is the admin password as one device holds it.
type DeviceAdminPassword struct {
	DeviceID string `json:"device"`
	Model    string `json:"model"`
	Password string `json:"password"`
}

// WorkplaceAdminPassword shows the admin password generated for a
// workplace's phones, to the customer's administrators only, and only once
// a device has fetched a profile carrying it (seed 000): before that it
// would be a password no phone knows. Reset and reconfigure renew it, and
// it stays hidden until a device has fetched the new one.
func (s *Service) WorkplaceAdminPassword(ctx context.Context, p switchboard.Principal, id string) (*AdminPasswordView, error) {
	var v *AdminPasswordView
	err := s.view(ctx, func(tx switchboard.Tx) error {
		w, err := workplaceFor(tx, p, id)
		if err != nil {
			return err
		}
		if !p.CanAdminister(w.CustomerID) {
			return switchboard.Errorf(switchboard.EFORBIDDEN, "only an administrator of the customer may see the devices' admin password")
		}
		if w.AdminPasswordDeliveredAt.IsZero() || w.DeviceAdminPassword == "" {
			return switchboard.Errorf(switchboard.ENOTFOUND,
				"the admin password of workplace %q has not been delivered yet: it is shown once one of its devices has fetched a profile carrying it", id)
		}
		v = &AdminPasswordView{Password: w.DeviceAdminPassword, DeliveredAt: w.AdminPasswordDeliveredAt, Devices: []DeviceAdminPassword{}}
		devices, err := allDevices(tx, switchboard.DeviceFilter{WorkplaceID: w.ID})
		if err != nil {
			return err
		}
		for _, d := range devices {
			if m, ok := s.catalogue.Model(d.Model); ok && !d.AdminPasswordManual && m.URLForm != switchboard.URLNone {
				v.Devices = append(v.Devices, DeviceAdminPassword{DeviceID: d.ID, Model: d.Model, Password: m.FitPassword(w.DeviceAdminPassword)})
			}
		}
		return nil
	})
	return v, err
}
