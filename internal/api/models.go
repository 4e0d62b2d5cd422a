package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// modelRoutes serves the device catalogue to every authenticated caller.
func (s *server) modelRoutes() {
	handle(s, s.op("list-models", http.MethodGet, "/models", "The device catalogue", "models", 0),
		func(context.Context, switchboard.Principal, *struct{}) (*listOutput[switchboard.Model], error) {
			return list(s.svc.Models(), ""), nil
		})
	onID(s, s.op("get-model", http.MethodGet, "/models/{id}", "One model of the catalogue", "models", 0),
		func(_ context.Context, _ switchboard.Principal, id string) (switchboard.Model, error) {
			return s.svc.Model(id)
		})
}
