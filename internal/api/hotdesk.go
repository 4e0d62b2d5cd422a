package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// hotDeskRoutes serves linking's free lists and hot-desking (seed 003):
// the device list with ?free=true, a workplace's log-in and log-out and a
// site's automatic log-out time. The free workplaces are served by the
// workplace list (customerResourceRoutes).
func (s *server) hotDeskRoutes() {
	handle(s, s.op("list-devices", http.MethodGet, "/devices", "List devices; free=true lists those linked to no workplace and not logged in", "devices", 0),
		func(ctx context.Context, p switchboard.Principal, in *struct {
			PageInput
			Free     bool   `query:"free" doc:"Only devices linked to no workplace and with no hot-desk login."`
			Customer string `query:"customer" maxLength:"100" doc:"Only this customer's devices (operator); others always see their own."`
		}) (*listOutput[*app.DeviceView], error) {
			v, next, err := s.svc.DeviceList(ctx, p, app.DeviceQuery{Customer: in.Customer, Free: in.Free}, in.page())
			return list(v, next), err
		})
	onIDBody(s, s.op("hot-desk-login", http.MethodPost, "/workplaces/{id}/hot-desk/login",
		"Log the workplace in on a free desk phone (its user with the PIN, or an administrator)", "workplaces", 0), s.svc.HotDeskLogin)
	onID(s, s.op("hot-desk-logout", http.MethodPost, "/workplaces/{id}/hot-desk/logout",
		"Log the workplace out of the devices it is logged in on by hot-desking", "workplaces", 0), s.svc.HotDeskLogout)
	onID(s, s.op("get-site-hot-desk", http.MethodGet, "/sites/{id}/hot-desk", "A site's hot-desking settings", "sites", 0), s.svc.SiteHotDesk)
	onIDBody(s, s.op("set-site-hot-desk", http.MethodPut, "/sites/{id}/hot-desk",
		"Set a site's automatic hot-desk log-out time", "sites", 0), s.svc.SetSiteHotDesk)
}

// listWorkplaces lists a customer's workplaces searched by q, or with
// free=true those a desk phone may be linked to (which q does not search).
func (s *server) listWorkplaces(r resource) {
	handle(s, r.op(s, verbList), func(ctx context.Context, p switchboard.Principal, in *struct {
		IDPath
		PageInput
		SearchInput
		Free bool `query:"free" doc:"Only active workplaces with room for another desk phone (one, two with multi-login); not with q."`
	}) (*listOutput[*switchboard.Workplace], error) {
		if !in.Free {
			v, next, err := s.svc.SearchWorkplaces(ctx, p, in.ID, in.Q, in.page())
			return list(v, next), err
		}
		if in.Q != "" {
			return nil, switchboard.FieldErrorf("q", "q searches the whole list; leave it out with free=true")
		}
		v, next, err := s.svc.FreeWorkplaces(ctx, p, in.ID, in.page())
		return list(v, next), err
	})
}
