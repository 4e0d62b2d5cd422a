package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// AccountPath (exported, as huma reads embedded path parameters only from
// exported types) names a customer in the path and one of its redirect
// service accounts.
type AccountPath struct {
	IDPath
	Account string `path:"account" maxLength:"100" doc:"The redirect service account's id."`
}

// redirectRoutes serves the redirect service accounts: the operator's at
// /redirect-accounts, a customer's own at /customers/{id}/redirect-accounts,
// and the look-up of a device's MAC at its service.
func (s *server) redirectRoutes() {
	const tag = "redirect-accounts"
	onBody(s, s.op("create-operator-redirect-account", http.MethodPost, "/redirect-accounts",
		"Connect an operator account at a vendor's redirect service (operator); it serves every customer without its own", tag, http.StatusCreated),
		func(ctx context.Context, p switchboard.Principal, in app.RedirectAccountInput) (*app.RedirectAccountView, error) {
			return s.svc.CreateRedirectAccount(ctx, p, "", in)
		})
	listAll(s, s.op("list-operator-redirect-accounts", http.MethodGet, "/redirect-accounts", "List the operator's redirect service accounts (operator)", tag, 0),
		func(ctx context.Context, p switchboard.Principal, page switchboard.Page) ([]*app.RedirectAccountView, string, error) {
			return s.svc.RedirectAccounts(ctx, p, "", page)
		})
	onID(s, s.op("get-redirect-account", http.MethodGet, "/redirect-accounts/{id}", "Get a redirect service account without its credentials", tag, 0), s.svc.RedirectAccount)
	onIDBody(s, s.op("update-redirect-account", http.MethodPatch, "/redirect-accounts/{id}", "Change a redirect service account", tag, 0), s.svc.UpdateRedirectAccount)
	deleteByID(s, s.op("delete-redirect-account", http.MethodDelete, "/redirect-accounts/{id}",
		"Delete a redirect service account; refused while calls through it wait in the outbox", tag, http.StatusNoContent), s.svc.DeleteRedirectAccount)

	onIDBody(s, s.op("create-customer-redirect-account", http.MethodPost, "/customers/{id}/redirect-accounts",
		"Connect the customer's own account at a vendor's redirect service; preferred over the operator's for its devices", tag, http.StatusCreated),
		func(ctx context.Context, p switchboard.Principal, customer string, in app.RedirectAccountInput) (*app.RedirectAccountView, error) {
			return s.svc.CreateRedirectAccount(ctx, p, customer, in)
		})
	listByID(s, s.op("list-customer-redirect-accounts", http.MethodGet, "/customers/{id}/redirect-accounts", "List the customer's own redirect service accounts", tag, 0), s.svc.RedirectAccounts)
	const item = "/customers/{id}/redirect-accounts/{account}"
	handle(s, s.op("get-customer-redirect-account", http.MethodGet, item, "Get one of the customer's redirect service accounts", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *AccountPath) (*body[*app.RedirectAccountView], error) {
			v, err := s.svc.CustomerRedirectAccount(ctx, p, in.ID, in.Account)
			return &body[*app.RedirectAccountView]{Body: v}, err
		})
	handle(s, s.op("update-customer-redirect-account", http.MethodPatch, item, "Change one of the customer's redirect service accounts", tag, 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			AccountPath
			Body app.RedirectAccountPatch
		}) (*body[*app.RedirectAccountView], error) {
			v, err := s.svc.UpdateCustomerRedirectAccount(ctx, p, in.ID, in.Account, in.Body)
			return &body[*app.RedirectAccountView]{Body: v}, err
		})
	handle(s, s.op("delete-customer-redirect-account", http.MethodDelete, item,
		"Delete one of the customer's redirect service accounts; refused while calls through it wait in the outbox", tag, http.StatusNoContent),
		func(ctx context.Context, p switchboard.Principal, in *AccountPath) (*struct{}, error) {
			return nil, s.svc.DeleteCustomerRedirectAccount(ctx, p, in.ID, in.Account)
		})

	onID(s, s.op("check-device-redirect", http.MethodGet, "/devices/{id}/redirect",
		"Ask the device's redirect service where its MAC points", "devices", 0), s.svc.CheckRedirect)
}
