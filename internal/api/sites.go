package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// siteRoutes serves a customer's sites and /sites/{id}.
func (s *server) siteRoutes() {
	huma.Register(s.api, s.op("create-site", http.MethodPost, "/customers/{id}/sites", "Add a site to a customer", "sites", http.StatusCreated),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.SiteInput
		}) (*body[*switchboard.Site], error) {
			v, err := s.svc.CreateSite(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("list-sites", http.MethodGet, "/customers/{id}/sites", "List a customer's sites", "sites", 0),
		func(ctx context.Context, in *struct {
			IDPath
			PageInput
		}) (*listOutput[*switchboard.Site], error) {
			v, next, err := s.svc.Sites(ctx, principal(ctx), in.ID, in.page())
			return replyList(s, ctx, v, next, err)
		})
	huma.Register(s.api, s.op("get-site", http.MethodGet, "/sites/{id}", "Get a site", "sites", 0),
		func(ctx context.Context, in *struct{ IDPath }) (*body[*switchboard.Site], error) {
			v, err := s.svc.Site(ctx, principal(ctx), in.ID)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("update-site", http.MethodPatch, "/sites/{id}", "Change a site", "sites", 0),
		func(ctx context.Context, in *struct {
			IDPath
			Body app.SitePatch
		}) (*body[*switchboard.Site], error) {
			v, err := s.svc.UpdateSite(ctx, principal(ctx), in.ID, in.Body)
			return reply(s, ctx, v, err)
		})
	huma.Register(s.api, s.op("delete-site", http.MethodDelete, "/sites/{id}", "Delete a site no workplace uses", "sites", http.StatusNoContent),
		func(ctx context.Context, in *struct{ IDPath }) (*struct{}, error) {
			return done(s, ctx, s.svc.DeleteSite(ctx, principal(ctx), in.ID))
		})
}
