package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// workplaceRoutes serves a customer's workplaces and /workplaces/{id}.
func (s *server) workplaceRoutes() {
	huma.Register(s.api, s.op("create-workplace", http.MethodPost, "/customers/{id}/workplaces", "Create a workplace with its numbers", "workplaces", http.StatusCreated),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.WorkplaceInput
		}) (*body[*switchboard.Workplace], error) {
			v, err := s.svc.CreateWorkplace(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("list-workplaces", http.MethodGet, "/customers/{id}/workplaces", "List a customer's workplaces, deleted ones included", "workplaces", 0),
		func(ctx context.Context, in *struct {
			IDPath
			PageInput
		}) (*listOutput[*switchboard.Workplace], error) {
			v, next, err := s.svc.Workplaces(ctx, principal(ctx), in.ID, in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("get-workplace", http.MethodGet, "/workplaces/{id}", "Get a workplace", "workplaces", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*switchboard.Workplace], error) {
			v, err := s.svc.Workplace(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("update-workplace", http.MethodPatch, "/workplaces/{id}", "Change a workplace", "workplaces", 0),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.WorkplacePatch
		}) (*body[*switchboard.Workplace], error) {
			v, err := s.svc.UpdateWorkplace(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("delete-workplace", http.MethodDelete, "/workplaces/{id}", "Delete a workplace, releasing its numbers and extension", "workplaces", http.StatusNoContent),
		func(ctx context.Context, in *struct{ IDPath }) (*struct{}, error) {
			return done(s, ctx, s.svc.DeleteWorkplace(ctx, principal(ctx), in.ID))
		})
}
