package portal

import (
	"net/http"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// siteRollbackRoutes return a whole site to a date and time (issue 17
// item 3), behind a confirmation.
func (h *handler) siteRollbackRoutes(mux *http.ServeMux) {
	mux.Handle("GET /sites/{id}/rollback", h.private(h.siteRollbackPage))
	mux.Handle("POST /sites/{id}/rollback", h.private(h.rollbackSite))
}

// localTime is the form of a datetime-local field, with and without
// seconds.
var localTime = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}

// siteRollbackData is the site's rollback form and its outcome.
type siteRollbackData struct {
	Site   *switchboard.Site
	At     string
	Result *app.RollbackResult
	// Names are the restored devices' descriptions by id.
	Names map[string]string
}

// siteRollback reads the route's site for its administrators; the use
// case refuses others.
func (h *handler) siteRollback(rq *request, at string) (*siteRollbackData, error) {
	s, err := h.svc.Site(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !rq.principal().CanAdminister(s.CustomerID) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "%s", rq.loc.T("error.adminonly"))
	}
	return &siteRollbackData{Site: s, At: at}, nil
}

func (h *handler) siteRollbackPage(rq *request) error {
	d, err := h.siteRollback(rq, rq.r.URL.Query().Get("at"))
	if err != nil {
		return err
	}
	return rq.show("site_rollback", "site_rollback.title", d)
}

// rollbackSite returns the site and its devices to the time given (UTC)
// and lists the devices told to load their profiles again.
func (h *handler) rollbackSite(rq *request) error {
	d, err := h.siteRollback(rq, strings.TrimSpace(rq.r.PostFormValue("at")))
	if err != nil {
		return err
	}
	var at time.Time
	for _, layout := range localTime {
		if t, perr := time.ParseInLocation(layout, d.At, time.UTC); perr == nil {
			at = t
		}
	}
	if at.IsZero() {
		return rq.render(http.StatusUnprocessableEntity, "site_rollback", "site_rollback.title", d,
			map[string]string{"at": rq.loc.T("site_rollback.at_invalid")})
	}
	ctx, p := rq.r.Context(), rq.principal()
	d.Result, err = h.svc.RollbackSite(ctx, p, d.Site.ID, app.SiteRollbackInput{At: at})
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "site_rollback", "site_rollback.title", d, errs)
	}
	if err != nil {
		return err
	}
	d.Names = map[string]string{}
	for _, rb := range d.Result.Devices {
		if dv, err := h.svc.Device(ctx, p, rb.Device); err == nil {
			d.Names[rb.Device] = dv.Description
		}
	}
	return rq.show("site_rollback", "site_rollback.title", d)
}
