package portal

import (
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// hotDeskRoutes are a site's hot-desk settings (seed 003) and the
// workplace page's choice of a free device to link.
func (h *handler) hotDeskRoutes(mux *http.ServeMux) {
	mux.Handle("GET /sites/{id}/hot-desk", h.private(h.siteHotDeskPage))
	mux.Handle("POST /sites/{id}/hot-desk", h.private(h.saveSiteHotDesk))
}

// siteHotDesk is the site hot-desk page: the site and its settings.
type siteHotDesk struct {
	Site     *switchboard.Site
	Settings *app.HotDeskSettings
}

// siteHotDeskPage shows the site's automatic log-out time as its form.
func (h *handler) siteHotDeskPage(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	s, err := h.svc.Site(ctx, p, id)
	if err != nil {
		return err
	}
	st, err := h.svc.SiteHotDesk(ctx, p, id)
	if err != nil {
		return err
	}
	return rq.show("site_hotdesk", "hotdesk.site_title", siteHotDesk{Site: s, Settings: st})
}

// saveSiteHotDesk sets the automatic log-out time through the API's use
// case; a time it refuses shows its rule's message next to the field.
func (h *handler) saveSiteHotDesk(rq *request) error {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	s, err := h.svc.Site(ctx, p, id)
	if err != nil {
		return err
	}
	in := app.HotDeskSettings{AutoLogout: strings.TrimSpace(rq.r.PostFormValue("auto_logout"))}
	_, err = h.svc.SetSiteHotDesk(ctx, p, id, in)
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "site_hotdesk", "hotdesk.site_title", siteHotDesk{Site: s, Settings: &in}, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/sites/"+id+"/hot-desk?notice=saved", http.StatusSeeOther)
	return nil
}

// workplaceMore is the workplace page's linking and hot-desk part: the
// devices it is logged in on, its site's automatic log-out time and, for
// administrators, the free devices it may be linked to.
type workplaceMore struct {
	AutoLogout string
	Free       []*app.DeviceView
}

// workplaceMore loads the workplace page's further parts.
func (h *handler) workplaceMore(rq *request, w *switchboard.Workplace, admin bool) (*workplaceMore, error) {
	out := &workplaceMore{}
	if !admin || w.State == switchboard.WorkplaceDeleted {
		return out, nil
	}
	ctx, p := rq.r.Context(), rq.principal()
	st, err := h.svc.SiteHotDesk(ctx, p, w.SiteID)
	if err != nil {
		return nil, err
	}
	out.AutoLogout = st.AutoLogout
	out.Free, _, err = h.svc.DeviceList(ctx, p, app.DeviceQuery{Customer: w.CustomerID, Free: true}, switchboard.Page{Limit: switchboard.MaxPageSize})
	return out, err
}
