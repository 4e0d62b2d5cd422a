package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceRoutes serves devices under a workplace or a customer and
// /devices/{id} with its SIP account and initial login.
func (s *server) deviceRoutes() {
	type create struct {
		IDPath
		Body app.DeviceInput
	}
	type listIn struct {
		IDPath
		PageInput
	}
	huma.Register(s.api, s.op("create-workplace-device", http.MethodPost, "/workplaces/{id}/devices", "Add a device to a workplace", "devices", http.StatusCreated),
		func(ctx context.Context, in *create) (*body[*app.DeviceView], error) {
			v, err := s.svc.CreateDevice(ctx, principal(ctx), "", in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("list-workplace-devices", http.MethodGet, "/workplaces/{id}/devices", "List a workplace's devices", "devices", 0),
		func(ctx context.Context, in *listIn) (*listOutput[*app.DeviceView], error) {
			v, next, err := s.svc.WorkplaceDevices(ctx, principal(ctx), in.ID, in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("create-customer-device", http.MethodPost, "/customers/{id}/devices", "Add a device not linked to any workplace (hot-desk)", "devices", http.StatusCreated),
		func(ctx context.Context, in *create) (*body[*app.DeviceView], error) {
			v, err := s.svc.CreateDevice(ctx, principal(ctx), in.ID, "", in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("list-customer-devices", http.MethodGet, "/customers/{id}/devices", "List all devices of a customer", "devices", 0),
		func(ctx context.Context, in *listIn) (*listOutput[*app.DeviceView], error) {
			v, next, err := s.svc.CustomerDevices(ctx, principal(ctx), in.ID, in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("get-device", http.MethodGet, "/devices/{id}", "Get a device with its provisioning URL", "devices", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*app.DeviceView], error) {
			v, err := s.svc.Device(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("update-device", http.MethodPatch, "/devices/{id}", "Change a device", "devices", 0),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.DevicePatch
		}) (*body[*app.DeviceView], error) {
			v, err := s.svc.UpdateDevice(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("delete-device", http.MethodDelete, "/devices/{id}", "Delete a device; its key and SIP account stop working", "devices", http.StatusNoContent),
		func(ctx context.Context, in *struct{ IDPath }) (*struct{}, error) {
			return done(s, ctx, s.svc.DeleteDevice(ctx, principal(ctx), in.ID))
		})
	huma.Register(s.api, s.op("get-device-sip-account", http.MethodGet, "/devices/{id}/sip-account", "The device's SIP account, for configuration by hand", "devices", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*app.SIPAccountView], error) {
			v, err := s.svc.SIPAccount(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("get-device-initial-login", http.MethodGet, "/devices/{id}/initial-login", "The device's one-time initial login", "devices", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*app.InitialLoginView], error) {
			v, err := s.svc.InitialLogin(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
}
