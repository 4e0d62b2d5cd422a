package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// eventRoutes serves the audit trail.
func (s *server) eventRoutes() {
	huma.Register(s.api, s.op("list-customer-events", http.MethodGet, "/customers/{id}/events", "A customer's audit and security events", "events", 0),
		func(ctx context.Context, in *struct {
			IDPath
			PageInput
			Kind string `query:"kind" enum:"audit,security" doc:"Only events of this kind."`
		}) (*listOutput[*switchboard.Event], error) {
			v, next, err := s.svc.CustomerEvents(ctx, principal(ctx), in.ID, in.Kind, in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("list-events", http.MethodGet, "/events", "All events (operator) or the own customer's (admin)", "events", 0),
		func(ctx context.Context, in *struct {
			PageInput
			Kind string `query:"kind" enum:"audit,security" doc:"Only events of this kind."`
		}) (*listOutput[*switchboard.Event], error) {
			v, next, err := s.svc.Events(ctx, principal(ctx), in.Kind, in.page())
			return replyList(s, ctx, v, next, err)
		})
}
