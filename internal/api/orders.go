package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// orderRoutes serves single orders; a customer's list is under customers.
func (s *server) orderRoutes() {
	op := s.op("get-order", http.MethodGet, "/orders/{id}", "Get an order with its state", "orders", 0)
	op.Description = "An order (create_workplace, change_workplace, change_package, delete_workplace) goes from open " +
		"to processing to done, or to failed with the reason in error. Administrators of the order's customer and the operator."
	huma.Register(s.api, op, func(ctx context.Context, in *struct{ IDPath }) (*body[*switchboard.Order], error) {
		o, err := s.svc.Order(ctx, principal(ctx), in.ID)
		return reply(s, ctx, o, err)
	})
}
