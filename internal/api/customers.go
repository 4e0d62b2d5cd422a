package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// customerRoutes serves /customers and a customer's orders.
func (s *server) customerRoutes() {
	huma.Register(s.api, s.op("create-customer", http.MethodPost, "/customers", "Create a customer (operator)", "customers", http.StatusCreated),
		func(ctx context.Context, in *struct{ Body app.CustomerInput }) (*body[*switchboard.Customer], error) {
			c, err := s.svc.CreateCustomer(ctx, principal(ctx), in.Body)
			return reply(s, ctx, c, err)
		})
	huma.Register(s.api, s.op("list-customers", http.MethodGet, "/customers", "List customers", "customers", 0),
		func(ctx context.Context, in *struct{ PageInput }) (*listOutput[*switchboard.Customer], error) {
			cs, next, err := s.svc.Customers(ctx, principal(ctx), in.page())
			return replyList(s, ctx, cs, next, err)
		})
	huma.Register(s.api, s.op("get-customer", http.MethodGet, "/customers/{id}", "Get a customer", "customers", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*switchboard.Customer], error) {
			c, err := s.svc.Customer(ctx, principal(ctx), in.ID)
			return reply(s, ctx, c, err)
		})
	huma.Register(s.api, s.op("update-customer", http.MethodPatch, "/customers/{id}", "Change a customer", "customers", 0),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.CustomerPatch
		}) (*body[*switchboard.Customer], error) {
			c, err := s.svc.UpdateCustomer(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, c, err)
		})
	huma.Register(s.api, s.op("delete-customer", http.MethodDelete, "/customers/{id}", "Delete an empty customer (operator)", "customers", http.StatusNoContent),
		func(ctx context.Context, in *struct{ IDPath }) (*struct{}, error) {
			return done(s, ctx, s.svc.DeleteCustomer(ctx, principal(ctx), in.ID))
		})
	huma.Register(s.api, s.op("list-orders", http.MethodGet, "/customers/{id}/orders", "List a customer's orders with their state", "customers", 0),
		func(ctx context.Context, in *struct {
			IDPath
			PageInput
		}) (*listOutput[*switchboard.Order], error) {
			os, next, err := s.svc.Orders(ctx, principal(ctx), in.ID, in.page())
			return replyList(s, ctx, os, next, err)
		})
}
