package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// numberRoutes serves a customer's public numbers.
func (s *server) numberRoutes() {
	huma.Register(s.api, s.op("add-numbers", http.MethodPost, "/customers/{id}/numbers", "Add E.164 numbers to a customer, all or none", "numbers", http.StatusCreated),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.NumbersInput
		}) (*listOutput[*switchboard.Number], error) {
			v, err := s.svc.AddNumbers(ctx, principal(ctx), in.ID, in.Body)
			return replyList(s, ctx, v, "", err)
		})
	huma.Register(s.api, s.op("list-numbers", http.MethodGet, "/customers/{id}/numbers", "List a customer's numbers", "numbers", 0),
		func(ctx context.Context, in *struct {
			IDPath
			PageInput
			Free bool `query:"free" doc:"Only numbers assigned to no workplace."`
		}) (*listOutput[*switchboard.Number], error) {
			v, next, err := s.svc.Numbers(ctx, principal(ctx), in.ID, in.Free, in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("delete-number", http.MethodDelete, "/customers/{id}/numbers/{number}", "Remove an unassigned number from a customer", "numbers", http.StatusNoContent),
		func(ctx context.Context, in *struct {
			IDPath
			Number string `path:"number" maxLength:"40" doc:"The number in E.164, e.g. +49301234567."`
		}) (*struct{}, error) {
			return done(s, ctx, s.svc.DeleteNumber(ctx, principal(ctx), in.ID, in.Number))
		})
}
