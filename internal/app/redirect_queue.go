package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/services"
)

// ztpURL is where the redirect services send factory-fresh phones.
func (s *Service) ztpURL() string { return s.provURL + "/ztp/" }

// queueRedirect writes to the outbox, in tx, the redirect calls a device
// change needs and records on the device what it is waiting for. before is
// the device as it was (nil for a new one), after as it is now (nil for a
// removed one); rearm says the change asked for "once" or a new label code
// explicitly. The old MAC is released when the device goes or its MAC
// changes; the MAC is registered when the device has one and is set to
// "once" by creation, by a change of MAC or state, or by re-arming.
func (s *Service) queueRedirect(tx switchboard.Tx, before, after *switchboard.Device, rearm bool, now time.Time) error {
	var st *switchboard.RedirectStatus
	if before != nil && holdsMAC(before) && (after == nil || after.MAC != before.Redirect.MAC) {
		old := before.Redirect
		call := switchboard.RedirectCall{AccountID: old.AccountID, DeviceID: before.ID, MAC: old.MAC}
		if err := queueCall(tx, switchboard.MessageRedirectDeregister, before.CustomerID, call, now, 0); err != nil {
			return err
		}
		st = &switchboard.RedirectStatus{State: switchboard.RedirectPending, Service: old.Service, AccountID: old.AccountID,
			MAC: old.MAC, At: now, Message: fmt.Sprintf("Removal of MAC %s from %s is queued.", showMAC(old.MAC), old.Service)}
	}
	if after != nil && wantsRegistration(before, after, rearm) {
		reg, err := s.queueRegistration(tx, after, now)
		if err != nil {
			return err
		}
		st = &reg
	}
	if st == nil || after == nil {
		return nil
	}
	after.Redirect = *st
	if err := tx.SetDeviceRedirect(after.ID, *st); err != nil {
		return fmt.Errorf("record redirect status: %w", err)
	}
	return nil
}

// holdsMAC says a redirect service may hold the device's MAC for us: it
// was registered, or its registration is under way.
func holdsMAC(d *switchboard.Device) bool {
	r := d.Redirect
	return r.AccountID != "" && r.MAC != "" && (r.State == switchboard.RedirectRegistered || r.State == switchboard.RedirectPending)
}

func wantsRegistration(before, after *switchboard.Device, rearm bool) bool {
	if after.MAC == "" || after.MACProvisioning != switchboard.MACOnce {
		return false
	}
	return before == nil || rearm || before.MAC != after.MAC || before.MACProvisioning != switchboard.MACOnce
}

// queueRegistration queues the registration of d's MAC at the account
// serving its model's service and its customer, after a removal queued in
// the same change, and returns the status to show; when the model has no
// service, no account serves it or the label code it needs is missing,
// nothing is queued and the status says so.
func (s *Service) queueRegistration(tx switchboard.Tx, d *switchboard.Device, at time.Time) (switchboard.RedirectStatus, error) {
	st := switchboard.RedirectStatus{State: switchboard.RedirectUnavailable, MAC: d.MAC, At: at}
	m, _ := s.catalogue.Model(d.Model)
	svc, ok := services.ForModel(m)
	if !ok {
		st.Message = fmt.Sprintf("The %s has no redirect service Switchboard can use: give it its provisioning URL by hand or with the initial login.", displayName(m, d))
		return st, nil
	}
	st.Service = svc.Title
	if svc.Code != "" && d.LabelCode == "" {
		st.Message = fmt.Sprintf("%s needs %s: set label_code on the device.", svc.Title, svc.Code)
		return st, nil
	}
	a, err := tx.RedirectAccountFor(d.CustomerID, svc.Name)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		st.Message = fmt.Sprintf("No redirect service account for %s: the operator adds one under /api/v1/redirect-accounts, or the customer's administrator under /api/v1/customers/%s/redirect-accounts (service %q); then set mac_provisioning to once again.",
			svc.Title, d.CustomerID, svc.Name)
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("redirect account for %s: %w", svc.Name, err)
	}
	call := switchboard.RedirectCall{AccountID: a.ID, DeviceID: d.ID, MAC: d.MAC, Code: d.LabelCode, URL: s.ztpURL()}
	if err := queueCall(tx, switchboard.MessageRedirectRegister, d.CustomerID, call, at, 1); err != nil {
		return st, err
	}
	st.State, st.AccountID = switchboard.RedirectPending, a.ID
	st.Message = fmt.Sprintf("Registration of MAC %s at %s (account %q) is queued.", showMAC(d.MAC), svc.Title, a.Name)
	return st, nil
}

// displayName names the device's model as the catalogue does, or by its
// id when the catalogue no longer has it.
func displayName(m switchboard.Model, d *switchboard.Device) string {
	if m.Name != "" {
		return m.Name
	}
	return d.Model
}

// queueCall writes one redirect call to the outbox, due at now. A device's
// calls are delivered in the order of their creation times, so the nth
// call of one change is created n microseconds after now.
func queueCall(tx switchboard.Tx, kind, customerID string, call switchboard.RedirectCall, now time.Time, nth int) error {
	body, err := json.Marshal(call)
	if err != nil {
		return fmt.Errorf("encode redirect call: %w", err)
	}
	m := switchboard.NewMessage(kind, switchboard.ChannelRedirect, call.DeviceID, "", now)
	m.CreatedAt = m.CreatedAt.Add(time.Duration(nth) * time.Microsecond)
	m.CustomerID, m.Subject, m.Text = customerID, call.AccountID, string(body)
	return queue(tx, m)
}

// showMAC writes a canonical MAC the way labels print it.
func showMAC(mac string) string { return redirect.MAC(mac).Format(":", true) }

// maxLabelCode bounds a label code; serial numbers are a few dozen
// characters at most.
const maxLabelCode = 64

// applyLabelCode sets the device's label code from code when given: trimmed,
// printable and short, since it is sent to the vendor's service.
func applyLabelCode(d *switchboard.Device, code *string) error {
	if code == nil {
		return nil
	}
	v := strings.TrimSpace(*code)
	if len(v) > maxLabelCode || strings.ContainsFunc(v, switchboard.Unprintable) || !utf8.ValidString(v) {
		return switchboard.FieldErrorf("label_code", "label_code is the code printed on the device label (Gigaset MAC-ID code, Grandstream serial number): at most %d printable characters", maxLabelCode)
	}
	d.LabelCode = v
	return nil
}

// rearms says a device patch asks for a new registration: it sets "once"
// again or gives a new label code.
func rearms(in DevicePatch, before switchboard.Device) bool {
	once := in.MACProvisioning != nil && *in.MACProvisioning == switchboard.MACOnce
	return once || (in.LabelCode != nil && strings.TrimSpace(*in.LabelCode) != before.LabelCode)
}
