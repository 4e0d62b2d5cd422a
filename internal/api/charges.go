package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// chargeRoutes serve TopStop's side of the API (issue 16, seed 004): a
// customer's spending in a month next to its charge limits, which the
// customer, workplace and number answers keep as they are.
func (s *server) chargeRoutes() {
	handle(s, s.op("get-customer-charges", http.MethodGet, "/customers/{id}/charges",
		"Get the customer's spending on calls to the public network in a month (cents), its own and per workplace and caller number, next to their charge limits (administrators)",
		"customers", 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			IDPath
			Month string `query:"month" maxLength:"7" doc:"The UTC calendar month, YYYY-MM; the current month when left out."`
		}) (*body[*app.Charges], error) {
			v, err := s.svc.Charges(ctx, p, in.ID, in.Month)
			return &body[*app.Charges]{Body: v}, err
		})
}
