package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// modelRoutes serves the device catalogue to every authenticated caller.
func (s *server) modelRoutes() {
	huma.Register(s.api, s.op("list-models", http.MethodGet, "/models", "The device catalogue", "models", 0),
		func(ctx context.Context, in *struct{}) (*listOutput[switchboard.Model], error) {
			return list(s.svc.Models(), ""), nil
		})
	huma.Register(s.api, s.op("get-model", http.MethodGet, "/models/{id}", "One model of the catalogue", "models", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[switchboard.Model], error) {
			v, err := s.svc.Model(in.ID)
			return reply(s, ctx, v, err)
		})
}
