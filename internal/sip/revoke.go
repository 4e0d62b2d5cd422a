package sip

import (
	"context"
	"slices"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Credentials are a SIP account's digest user name and password.
type Credentials struct {
	Username string
	Password string
}

// NotifyAs sends the NOTIFY as Notify does, but only to the device's
// bindings that authenticated as c.Username, and answers the phone's
// challenge with c rather than with the account the store holds now: after
// new SIP credentials the phone still knows only its previous ones.
// ENOTFOUND when no such binding exists.
func (s *Server) NotifyAs(ctx context.Context, deviceID, event string, reboot bool, c Credentials) ([]Outcome, error) {
	if event == "" || !isToken(event) {
		return nil, switchboard.Errorf(switchboard.EINVALID, "Event %q is not a SIP event name", event)
	}
	bs := slices.DeleteFunc(s.Bindings(deviceID), func(b Binding) bool { return b.Username != c.Username })
	password := func(_ context.Context, username string) (string, error) {
		if username != c.Username {
			return "", switchboard.Errorf(switchboard.ENOTFOUND, "no SIP account %q", username)
		}
		return c.Password, nil
	}
	return s.notify(ctx, bs, event, reboot, password)
}

// DropBindings removes the device's bindings that authenticated as
// username, expired ones included, so a revoked account no longer reaches
// the device and status no longer counts it; the change is persisted like
// a registration's and published as a status change. It returns how many
// bindings it removed.
func (s *Server) DropBindings(deviceID, username string) int {
	now := s.now()
	dropped := 0
	u, _ := s.loc.update(deviceID, now, func(cur []binding) ([]binding, bool, error) {
		next := slices.DeleteFunc(slices.Clone(cur), func(k binding) bool { return k.part(partUsername) == username })
		dropped = len(cur) - len(next)
		return next, dropped > 0, nil
	})
	if u.changed && u.before != u.after {
		s.publish(StatusEvent{DeviceID: u.id, Status: u.after, At: now})
	}
	return dropped
}
