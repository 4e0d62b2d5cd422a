package app

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// DeviceInput creates a device. Passwords left empty are generated; given
// by hand they must be 4 to 9 digits (seed 004).
type DeviceInput struct {
	Model           string                      `json:"model"`
	Description     string                      `json:"description,omitempty"`
	MAC             string                      `json:"mac,omitempty"`
	MACProvisioning switchboard.MACProvisioning `json:"mac_provisioning,omitempty"`
	AdminPassword   string                      `json:"admin_password,omitempty"`
	WebUser         string                      `json:"web_user,omitempty"`
	WebPassword     string                      `json:"web_password,omitempty"`
	// Base is the DECT base station a handset belongs to.
	Base string `json:"base,omitempty"`
	// LabelCode is the code on the device label that some redirect
	// services need: Gigaset's MAC-ID check code, Grandstream's serial.
	LabelCode string `json:"label_code,omitempty"`
}

// DevicePatch changes a device; absent fields stay. An empty password
// returns to a generated one; mac_provisioning "once" re-arms provisioning
// through the vendor's redirect service.
type DevicePatch struct {
	Description     *string                      `json:"description,omitempty"`
	MAC             *string                      `json:"mac,omitempty"`
	MACProvisioning *switchboard.MACProvisioning `json:"mac_provisioning,omitempty"`
	AdminPassword   *string                      `json:"admin_password,omitempty"`
	WebUser         *string                      `json:"web_user,omitempty"`
	WebPassword     *string                      `json:"web_password,omitempty"`
	Base            *string                      `json:"base,omitempty"`
	LabelCode       *string                      `json:"label_code,omitempty"`
}

// DeviceView is a device as clients see it: its fields without secrets plus
// the provisioning URL, which carries the access key.
type DeviceView struct {
	switchboard.Device
	// ProvisioningURL is in the form the model's firmware needs
	// (Model.ProvisioningURL): a file URL, a directory URL ending in '/',
	// or empty for a device that fetches no profile.
	ProvisioningURL string `json:"provisioning_url"`
	// URLForm names that form: file, directory or none.
	URLForm switchboard.URLForm `json:"url_form"`
	// HandsetPIN is the code a DECT handset is registered to this base
	// with; only DECT bases have one.
	HandsetPIN string `json:"handset_pin,omitempty"`
}

// deviceView builds the client's view of d.

// defaultWebUser is the name of a device's web user (seed 004 "nom
// d'utilisateur") when none is given: not "admin", which names the
// administrator account on the phones and would clash with it.
const defaultWebUser = "user"

func (s *Service) deviceView(d *switchboard.Device) *DeviceView {
	d.Keys = orEmpty(d.Keys)
	v := &DeviceView{Device: *d, URLForm: switchboard.URLNone}
	if m, ok := s.catalogue.Model(d.Model); ok {
		v.ProvisioningURL, v.URLForm = m.ProvisioningURL(s.provURL, d.AccessKey), m.URLForm
		if m.Kind == switchboard.KindDECTBase {
			v.HandsetPIN = switchboard.HandsetPIN(d.AccessKey)
		}
	}
	return v
}

// CreateDevice adds a device to a workplace (workplaceID set) or, free for
// hot-desking, to a customer. It gets a new access key, SIP account and
// initial login.
func (s *Service) CreateDevice(ctx context.Context, p switchboard.Principal, customerID, workplaceID string, in DeviceInput) (*DeviceView, error) {
	m, ok := s.catalogue.Model(in.Model)
	if !ok {
		return nil, switchboard.FieldErrorf("model", "unknown model %q; GET /api/v1/models or `switchboard model list` lists the models", in.Model)
	}
	d := &switchboard.Device{
		Model:       m.ID,
		Kind:        m.Kind,
		Description: strings.TrimSpace(in.Description),
		WebUser:     strings.TrimSpace(in.WebUser),
		BaseID:      in.Base,
		Keys:        []switchboard.FunctionKey{},
	}
	patch := DevicePatch{MAC: &in.MAC, MACProvisioning: &in.MACProvisioning, AdminPassword: &in.AdminPassword, WebPassword: &in.WebPassword}
	if err := s.applyDeviceSecrets(d, patch); err != nil {
		return nil, err
	}
	if err := applyLabelCode(d, &in.LabelCode); err != nil {
		return nil, err
	}
	if d.WebUser == "" {
		d.WebUser = defaultWebUser
	}
	if err := checkDeviceText(d); err != nil {
		return nil, err
	}
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if workplaceID != "" {
			w, err := workplaceFor(tx, p, workplaceID)
			if err != nil {
				return audit{}, err
			}
			if err := mayChangeWorkplace(p, w); err != nil {
				return audit{}, err
			}
			if w.State == switchboard.WorkplaceDeleted {
				return audit{}, switchboard.Errorf(switchboard.ECONFLICT, "workplace %q has been deleted", workplaceID)
			}
			if d.Kind == switchboard.KindDeskPhone {
				if err := checkDeskLimit(tx, w); err != nil {
					return audit{}, err
				}
			}
			customerID = w.CustomerID
		} else if _, err := s.customerFor(tx, p, customerID); err != nil {
			return audit{}, err
		}
		issueDevice(d, customerID, workplaceID, now)
		if err := s.checkDeviceRefs(tx, d, ""); err != nil {
			return audit{}, err
		}
		if err := tx.CreateDevice(d); err != nil {
			return audit{}, fmt.Errorf("create device: %w", err)
		}
		if err := s.queueRedirect(tx, nil, d, false, now); err != nil {
			return audit{}, err
		}
		return audit{customer: customerID, action: "device.create", object: d.ID, detail: d.Model}, nil
	})
	if err != nil {
		return nil, err
	}
	s.devicesChanged(ctx, d)
	s.outboxWritten(ctx)
	return s.deviceView(d), nil
}

// issueDevice gives a new device its id, owner, times and the secrets it
// is born with: access key, SIP account and initial login.
func issueDevice(d *switchboard.Device, customerID, workplaceID string, now time.Time) {
	d.ID = switchboard.NewID("dev", now)
	d.CustomerID, d.WorkplaceID = customerID, workplaceID
	d.CreatedAt, d.UpdatedAt = now, now
	d.AccessKey = randomHex(accessKeyLen)
	d.SIP = newSIPAccount()
	d.InitialLogin = switchboard.InitialLogin{Username: randomDigits(10), Password: randomDigits(10)}
}

// checkDeskLimit enforces seed 003: a workplace links to one desk phone,
// two with multi-login.
func checkDeskLimit(tx switchboard.Tx, w *switchboard.Workplace) error {
	n, err := countDeskDevices(tx, w.ID)
	if err != nil {
		return err
	}
	limit := 1
	if w.MultiLogin {
		limit = 2
	}
	if n >= limit {
		return switchboard.Errorf(switchboard.ECONFLICT,
			"workplace %q already has %d desk phone(s) linked or logged in by hot-desking, the most allowed (two only with multi-login)", w.ID, n)
	}
	return nil
}

// applyDeviceSecrets sets MAC, MAC provisioning and the passwords from the
// given patch fields, generating passwords left empty.
func (s *Service) applyDeviceSecrets(d *switchboard.Device, in DevicePatch) error {
	if in.MAC != nil {
		d.MAC = ""
		if strings.TrimSpace(*in.MAC) != "" {
			mac, err := switchboard.CanonicalMAC(*in.MAC)
			if err != nil {
				return err
			}
			d.MAC = mac
		}
	}
	if in.MACProvisioning != nil {
		switch mp := *in.MACProvisioning; mp {
		case "", switchboard.MACOff:
			d.MACProvisioning = switchboard.MACOff
		case switchboard.MACOnce:
			d.MACProvisioning = mp
		case switchboard.MACDone:
			return switchboard.FieldErrorf("mac_provisioning", "mac_provisioning becomes done by itself once the phone has been provisioned; set off or once")
		default:
			return switchboard.FieldErrorf("mac_provisioning", "mac_provisioning must be off or once")
		}
	}
	if d.MACProvisioning == "" {
		d.MACProvisioning = switchboard.MACOff
	}
	if d.MACProvisioning != switchboard.MACOff && d.MAC == "" {
		return switchboard.FieldErrorf("mac", "provisioning through the redirect service needs the device's MAC")
	}
	m, _ := s.catalogue.Model(d.Model)
	if in.AdminPassword != nil {
		var err error
		if d.AdminPassword, d.AdminPasswordManual, err = devicePassword(m, "admin_password", *in.AdminPassword); err != nil {
			return err
		}
	}
	if in.WebPassword != nil {
		var err error
		if d.WebPassword, d.WebPasswordManual, err = devicePassword(m, "web_password", *in.WebPassword); err != nil {
			return err
		}
	}
	return nil
}

// checkDeviceText checks the device's free text: the description and the
// web user name (seed 004: any string) are written into vendor files and
// phone displays, so they may not hold control characters (a line break
// would start a new setting in some formats) and are kept short.
func checkDeviceText(d *switchboard.Device) error {
	for _, f := range []struct {
		name, value string
		max         int
	}{{"description", d.Description, 200}, {"web_user", d.WebUser, 64}} {
		if utf8.RuneCountInString(f.value) > f.max {
			return switchboard.FieldErrorf(f.name, "%s may have at most %d characters", f.name, f.max)
		}
		if strings.ContainsFunc(f.value, switchboard.Unprintable) || !utf8.ValidString(f.value) {
			return switchboard.FieldErrorf(f.name, "%s may not contain control characters such as line breaks, nor bidirectional formatting characters such as U+202E", f.name)
		}
	}
	return nil
}

// devicePassword checks a password given by hand (seed 004, and the
// shortest the model's firmware takes) or generates 40 digits.
func devicePassword(m switchboard.Model, field, given string) (string, bool, error) {
	if given == "" {
		return randomDigits(40), false, nil
	}
	if err := switchboard.ValidateDevicePassword(field, given); err != nil {
		return "", false, err
	}
	if len(given) < m.MinPassword {
		return "", false, switchboard.FieldErrorf(field, "the %s takes passwords of at least %d digits; give %d to 9 digits or leave it empty for a generated one", m.Name, m.MinPassword, m.MinPassword)
	}
	return given, true, nil
}

// checkDeviceRefs checks the rules that span records: the MAC is unused by
// any other device, and a handset hangs on a base station it fits (see
// checkHandsetBase). oldMAC is the device's MAC before an update.
func (s *Service) checkDeviceRefs(tx switchboard.Tx, d *switchboard.Device, oldMAC string) error {
	if d.MAC != "" && d.MAC != oldMAC {
		other, err := tx.DeviceByMAC(d.MAC)
		switch {
		case err == nil && other.ID != d.ID:
			return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "mac",
				Message: fmt.Sprintf("MAC %s is already registered for another device", d.MAC)}
		case err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND:
			return err
		}
	}
	if d.Kind != switchboard.KindDECTHandset {
		if d.BaseID != "" {
			return switchboard.FieldErrorf("base", "only a DECT handset has a base station")
		}
		return nil
	}
	if d.BaseID == "" {
		return switchboard.FieldErrorf("base", "a DECT handset gets its configuration from its base station: give base, the id of a DECT base of the same customer")
	}
	b, err := tx.Device(d.BaseID)
	if err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
		return err
	}
	if err != nil || b.CustomerID != d.CustomerID {
		return switchboard.FieldErrorf("base", "base %q is not a DECT base station of this customer", d.BaseID)
	}
	hs, err := allDevices(tx, switchboard.DeviceFilter{BaseID: b.ID})
	if err != nil {
		return err
	}
	n := 0
	for _, h := range hs {
		if h.ID != d.ID {
			n++
		}
	}
	return s.checkHandsetBase(d.Model, b, n)
}

// checkHandsetBase checks that a handset of model handsetModel fits base b,
// which already carries onBase other handsets: b is a DECT base, of a
// model the handset's catalogue entry names (of the same vendor when it
// names none), with a free handset slot. A base whose catalogue entry
// states no capacity is not limited here.
func (s *Service) checkHandsetBase(handsetModel string, b *switchboard.Device, onBase int) error {
	if b.Kind != switchboard.KindDECTBase {
		return switchboard.FieldErrorf("base", "base %q is not a DECT base station of this customer", b.ID)
	}
	hm, _ := s.catalogue.Model(handsetModel)
	bm, ok := s.catalogue.Model(b.Model)
	if !ok {
		return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "base", Message: fmt.Sprintf("the model %q of base %q is no longer in the catalogue", b.Model, b.ID)}
	}
	if !hm.FitsBase(bm) {
		works := "bases of its own vendor"
		if len(hm.Bases) > 0 {
			works = strings.Join(hm.Bases, ", ")
		}
		return switchboard.FieldErrorf("base", "the %s %s handset cannot be attached to base %q, a %s %s; it works with %s",
			hm.Vendor, hm.Name, b.ID, bm.Vendor, bm.Name, works)
	}
	if bm.Handsets > 0 && onBase >= bm.Handsets {
		return &switchboard.Error{Code: switchboard.ECONFLICT, Field: "base", Message: fmt.Sprintf(
			"base %q already carries %d handsets, all the %s %s takes; attach the handset to another base or remove one", b.ID, onBase, bm.Vendor, bm.Name)}
	}
	return nil
}
