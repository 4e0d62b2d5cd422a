package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceActionRoutes serves the device's status and actions: reset,
// reconfigure, sync, reboot, a new access key, function keys, linking and
// unlinking.
func (s *server) deviceActionRoutes() {
	onID(s, s.op("get-device-status", http.MethodGet, "/devices/{id}/status", "Whether the device is registered, from where and how", "devices", 0), s.svc.Status)
	for _, a := range []struct {
		action  switchboard.Action
		summary string
	}{
		{switchboard.ActionReset, "New admin password, profile reloaded, device rebooted"},
		{switchboard.ActionReconfigure, "Profile rebuilt from scratch, then reset"},
		{switchboard.ActionSync, "Profile changes pushed without a reboot"},
		{switchboard.ActionReboot, "Reboot the device"},
	} {
		onID(s, s.op(string(a.action)+"-device", http.MethodPost, "/devices/{id}/"+string(a.action), a.summary, "devices", 0),
			func(ctx context.Context, p switchboard.Principal, id string) (*app.ActionResult, error) {
				return s.svc.DeviceAction(ctx, p, id, a.action)
			})
	}
	onID(s, s.op("new-device-key", http.MethodPost, "/devices/{id}/new-key", "Replace the access key; the old provisioning URL stops working at once", "devices", 0), s.svc.NewKey)
	onIDBody(s, s.op("set-device-keys", http.MethodPut, "/devices/{id}/keys", "Replace the device's function keys", "devices", 0), s.svc.SetKeys)
	onIDBody(s, s.op("link-device", http.MethodPost, "/devices/{id}/link", "Link a free device to a workplace", "devices", 0), s.svc.LinkDevice)
	onID(s, s.op("unlink-device", http.MethodPost, "/devices/{id}/unlink", "Free a device from its workplace (administrators)", "devices", 0), s.svc.UnlinkDevice)
}
