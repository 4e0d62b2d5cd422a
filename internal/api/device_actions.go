package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceActionRoutes serves the device's status and actions: reset,
// reconfigure, sync, reboot, a new access key, function keys, linking and
// unlinking.
func (s *server) deviceActionRoutes() {
	huma.Register(s.api, s.op("get-device-status", http.MethodGet, "/devices/{id}/status", "Whether the device is registered, from where and how", "devices", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*switchboard.DeviceStatus], error) {
			v, err := s.svc.Status(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
	for _, a := range []struct {
		action  switchboard.Action
		summary string
	}{
		{switchboard.ActionReset, "New admin password, profile reloaded, device rebooted"},
		{switchboard.ActionReconfigure, "Profile rebuilt from scratch, then reset"},
		{switchboard.ActionSync, "Profile changes pushed without a reboot"},
		{switchboard.ActionReboot, "Reboot the device"},
	} {
		huma.Register(s.api, s.op(string(a.action)+"-device", http.MethodPost, "/devices/{id}/"+string(a.action), a.summary, "devices", 0),
			func(ctx context.Context, in *struct{ IDPath }) (*body[*app.ActionResult], error) {
				v, err := s.svc.DeviceAction(ctx, principal(ctx), in.ID, a.action)
				return reply(s, ctx, v, err)
			})
	}
	huma.Register(s.api, s.op("new-device-key", http.MethodPost, "/devices/{id}/new-key", "Replace the access key; the old provisioning URL stops working at once", "devices", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*app.DeviceView], error) {
			v, err := s.svc.NewKey(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("set-device-keys", http.MethodPut, "/devices/{id}/keys", "Replace the device's function keys", "devices", 0),
		func(ctx context.Context, in *struct {
			IDPath
			Body []switchboard.FunctionKey
		}) (*body[*app.DeviceView], error) {
			v, err := s.svc.SetKeys(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("link-device", http.MethodPost, "/devices/{id}/link", "Link a free device to a workplace", "devices", 0),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.LinkInput
		}) (*body[*app.DeviceView], error) {
			v, err := s.svc.LinkDevice(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("unlink-device", http.MethodPost, "/devices/{id}/unlink", "Free a device from its workplace (administrators)", "devices", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*app.DeviceView], error) {
			v, err := s.svc.UnlinkDevice(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
}
