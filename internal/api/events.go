package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// KindQuery is the query of the event lists; exported because huma finds
// parameters in embedded structs by reflection.
type KindQuery struct {
	Kind string `query:"kind" enum:"audit,security" doc:"Only events of this kind."`
}

// eventRoutes serves the audit trail.
func (s *server) eventRoutes() {
	handle(s, s.op("list-customer-events", http.MethodGet, "/customers/{id}/events", "A customer's audit and security events", "events", 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			IDPath
			PageInput
			KindQuery
		}) (*listOutput[*switchboard.Event], error) {
			v, next, err := s.svc.CustomerEvents(ctx, p, in.ID, in.Kind, in.page())
			return list(v, next), err
		})
	handle(s, s.op("list-events", http.MethodGet, "/events", "All events (operator) or the own customer's (admin)", "events", 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			PageInput
			KindQuery
		}) (*listOutput[*switchboard.Event], error) {
			v, next, err := s.svc.Events(ctx, p, in.Kind, in.page())
			return list(v, next), err
		})
}
