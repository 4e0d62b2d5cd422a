package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// MonitoringAccountPath (exported for huma, as ContactPath) names a
// customer in the path and one of its monitoring accounts.
type MonitoringAccountPath struct {
	IDPath
	Account string `path:"mid" maxLength:"100" doc:"The monitoring account's id."`
}

// callRoutes serves the call side (issue 16): a workplace's call settings
// and journal, the customers' upstream trunks, the CTI monitoring accounts
// and the dial parameters a CTI server needs.
func (s *server) callRoutes() {
	const tag = "calls"
	const settings = "/workplaces/{id}/call-settings"
	onID(s, s.op("get-call-settings", http.MethodGet, settings,
		"Get the workplace's call settings (its user, administrators, monitoring accounts)", tag, 0), s.svc.CallSettings)
	onIDBody(s, s.op("update-call-settings", http.MethodPatch, settings,
		"Change the workplace's call settings: forwarding, do not disturb, remote office, parallel ringing, voicemail (its user, administrators)", tag, 0),
		func(ctx context.Context, p switchboard.Principal, id string, in app.CallSettingsPatch) (*switchboard.CallSettings, error) {
			return s.svc.UpdateCallSettings(ctx, p, id, in, switchboard.SettingsByAPI)
		})
	listByID(s, s.op("list-workplace-calls", http.MethodGet, "/workplaces/{id}/calls",
		"List the workplace's calls, newest first, those in progress included", tag, 0), s.svc.CallJournal)
	onID(s, s.op("get-dial-parameters", http.MethodGet, "/customers/{id}/dial-parameters",
		"Get what a CTI server needs to dial for the customer: internal number length, no trunk prefix", tag, 0), s.svc.DialParameters)

	onIDBody(s, s.op("create-trunk", http.MethodPost, "/customers/{id}/trunks",
		"Add an upstream SIP trunk to the customer; the password is write-only (administrators)", tag, http.StatusCreated), s.svc.CreateTrunk)
	listByID(s, s.op("list-trunks", http.MethodGet, "/customers/{id}/trunks", "List the customer's trunks", tag, 0), s.svc.Trunks)
	onID(s, s.op("get-trunk", http.MethodGet, "/trunks/{id}", "Get a trunk; the password is never returned, only password_set", tag, 0), s.svc.Trunk)
	onIDBody(s, s.op("update-trunk", http.MethodPatch, "/trunks/{id}", "Change a trunk; an empty password removes it", tag, 0), s.svc.UpdateTrunk)
	deleteByID(s, s.op("delete-trunk", http.MethodDelete, "/trunks/{id}", "Remove a trunk", tag, http.StatusNoContent), s.svc.DeleteTrunk)

	const accounts = "/customers/{id}/monitoring-accounts"
	onIDBody(s, s.op("create-monitoring-account", http.MethodPost, accounts,
		"Add a CTI monitoring account; its password is in this answer only (administrators)", tag, http.StatusCreated), s.svc.CreateMonitoringAccount)
	listByID(s, s.op("list-monitoring-accounts", http.MethodGet, accounts, "List the customer's CTI monitoring accounts", tag, 0), s.svc.MonitoringAccounts)
	handle(s, s.op("delete-monitoring-account", http.MethodDelete, accounts+"/{mid}",
		"Revoke a CTI monitoring account (administrators)", tag, http.StatusNoContent),
		func(ctx context.Context, p switchboard.Principal, in *MonitoringAccountPath) (*struct{}, error) {
			return nil, s.svc.DeleteMonitoringAccount(ctx, p, in.ID, in.Account)
		})
}
