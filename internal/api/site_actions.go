package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// siteActionRoutes serve the bulk actions on a site's devices, whose
// NOTIFYs go out spread over a window (issue 17 item 5).
func (s *server) siteActionRoutes() {
	for _, a := range []switchboard.Action{switchboard.ActionSync, switchboard.ActionReboot} {
		op := s.op(string(a)+"-site", http.MethodPost, "/sites/{id}/"+string(a), "Ask every device at the site to "+string(a)+", spread over a window", "sites", 0)
		onIDBody(s, op, func(ctx context.Context, p switchboard.Principal, id string, in app.SiteActionInput) (*app.SiteActionResult, error) {
			return s.svc.SiteAction(ctx, p, id, a, in)
		})
	}
}
