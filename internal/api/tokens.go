package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// tokenRoutes serves /tokens. The secret is in the creation answer only.
func (s *server) tokenRoutes() {
	huma.Register(s.api, s.op("create-token", http.MethodPost, "/tokens", "Create an API token; its secret is shown once", "tokens", http.StatusCreated),
		func(ctx context.Context, in *struct{ Body app.TokenInput }) (*body[*app.CreatedToken], error) {
			v, err := s.svc.IssueToken(ctx, principal(ctx), in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("list-tokens", http.MethodGet, "/tokens", "List tokens (without secrets)", "tokens", 0),
		func(ctx context.Context, in *struct{ PageInput }) (*listOutput[*switchboard.Token], error) {
			v, next, err := s.svc.Tokens(ctx, principal(ctx), in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("delete-token", http.MethodDelete, "/tokens/{id}", "Revoke a token", "tokens", http.StatusNoContent),
		func(ctx context.Context, in *struct{ IDPath }) (*struct{}, error) {
			return done(s, ctx, s.svc.DeleteToken(ctx, principal(ctx), in.ID))
		})
}
