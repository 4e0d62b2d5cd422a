package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// fraudRoutes serve the fraud procedure (seed 004): new SIP credentials,
// the rotation the fraud signal offers, blocking lines of devices and
// workplaces, and a number's charge limit (customers and workplaces take
// theirs by PATCH).
func (s *server) fraudRoutes() {
	onID(s, s.op("new-device-sip-credentials", http.MethodPost, "/devices/{id}/new-sip-credentials",
		"Replace the SIP account; the old one is refused at once and its registrations end", "devices", 0), s.svc.NewSIPCredentials)
	onID(s, s.op("rotate-device", http.MethodPost, "/devices/{id}/rotate",
		"Replace the access key and the SIP account at once (the fraud signal's action)", "devices", 0), s.svc.RotateDevice)
	onID(s, s.op("block-device", http.MethodPost, "/devices/{id}/block",
		"Block the device's line for calls to the public network", "devices", 0), s.svc.BlockDevice)
	onID(s, s.op("unblock-device", http.MethodPost, "/devices/{id}/unblock",
		"Lift the device's own block", "devices", 0), s.svc.UnblockDevice)
	onID(s, s.op("block-workplace", http.MethodPost, "/workplaces/{id}/block",
		"Block the workplace's line, shared by its devices, for calls to the public network", "workplaces", 0), s.svc.BlockWorkplace)
	onID(s, s.op("unblock-workplace", http.MethodPost, "/workplaces/{id}/unblock",
		"Lift the workplace's block", "workplaces", 0), s.svc.UnblockWorkplace)
	handle(s, s.op("update-number", http.MethodPatch, "/customers/{id}/numbers/{number}", "Change a number's charge limit", "numbers", 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			IDPath
			Number string `path:"number" maxLength:"40" doc:"The number in E.164, e.g. +49301234567."`
			Body   app.NumberPatch
		}) (*body[*switchboard.Number], error) {
			v, err := s.svc.UpdateNumber(ctx, p, in.ID, in.Number, in.Body)
			return &body[*switchboard.Number]{Body: v}, err
		})
}
