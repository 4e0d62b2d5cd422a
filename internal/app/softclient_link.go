package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// SoftClientURL returns the provisioning URL of a soft client (mobile,
// desktop or web) for its QR code (seed 004's app flow: the app scans it
// instead of the user typing 48 hex digits), to whoever may read the
// device. A device of another kind is refused with ECONFLICT: its URL is
// typed into a phone's menu or set through a redirect service, never
// scanned.
func (s *Service) SoftClientURL(ctx context.Context, p switchboard.Principal, id string) (string, error) {
	v, err := s.Device(ctx, p, id)
	if err != nil {
		return "", err
	}
	switch v.Kind {
	case switchboard.KindMobileClient, switchboard.KindDesktopClient, switchboard.KindWebPhone:
	default:
		return "", switchboard.Errorf(switchboard.ECONFLICT, "only soft clients (mobile, desktop, web) are set up by QR code; a %s takes its provisioning URL in its own settings", v.Kind)
	}
	if v.ProvisioningURL == "" {
		return "", switchboard.Errorf(switchboard.ECONFLICT, "the device's model fetches no profile, so there is no URL to scan")
	}
	return v.ProvisioningURL, nil
}
