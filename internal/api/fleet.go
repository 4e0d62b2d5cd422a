package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// fleetRoutes serves the fleet statistics of one customer and of every
// customer the caller may see.
func (s *server) fleetRoutes() {
	onID(s, s.op("get-customer-fleet", http.MethodGet, "/customers/{id}/fleet",
		"A customer's fleet: online share, devices by model and firmware, never-seen, stale and double-registered devices", "fleet", 0),
		s.svc.CustomerFleet)
	handle(s, s.op("get-fleet", http.MethodGet, "/fleet",
		"The fleet of every customer (operator) or of the own customer (administrator)", "fleet", 0),
		func(ctx context.Context, p switchboard.Principal, _ *struct{}) (*body[*app.Fleet], error) {
			f, err := s.svc.Fleet(ctx, p)
			return &body[*app.Fleet]{Body: f}, err
		})
}
