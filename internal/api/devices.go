package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// deviceRoutes serves devices under a workplace or a customer and
// /devices/{id} with its SIP account and initial login.
func (s *server) deviceRoutes() {
	onIDBody(s, s.op("create-workplace-device", http.MethodPost, "/workplaces/{id}/devices", "Add a device to a workplace", "devices", http.StatusCreated),
		func(ctx context.Context, p switchboard.Principal, workplace string, in app.DeviceInput) (*app.DeviceView, error) {
			return s.svc.CreateDevice(ctx, p, "", workplace, in)
		})
	listByID(s, s.op("list-workplace-devices", http.MethodGet, "/workplaces/{id}/devices", "List a workplace's devices", "devices", 0), s.svc.WorkplaceDevices)
	onIDBody(s, s.op("create-customer-device", http.MethodPost, "/customers/{id}/devices", "Add a device not linked to any workplace (hot-desk)", "devices", http.StatusCreated),
		func(ctx context.Context, p switchboard.Principal, customer string, in app.DeviceInput) (*app.DeviceView, error) {
			return s.svc.CreateDevice(ctx, p, customer, "", in)
		})
	searchByID(s, s.op("list-customer-devices", http.MethodGet, "/customers/{id}/devices", "List all devices of a customer; q searches description, MAC, model and SIP username", "devices", 0), s.svc.SearchDevices)
	item(s, resource{one: "device", many: "devices"}, s.svc.Device, s.svc.UpdateDevice, s.svc.DeleteDevice)
	onID(s, s.op("get-device-sip-account", http.MethodGet, "/devices/{id}/sip-account", "The device's SIP account, for configuration by hand", "devices", 0), s.svc.SIPAccount)
	onID(s, s.op("get-device-initial-login", http.MethodGet, "/devices/{id}/initial-login", "The device's one-time initial login", "devices", 0), s.svc.InitialLogin)
}
