package portal

import (
	"net/http"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// ctiRoutes are a customer's CTI page (issue 16, seed 002): its monitoring
// accounts, created with a password shown once and revoked after a
// confirmation, and the set-up panel with what a CTI server built for
// BroadWorks clouds needs.
func (h *handler) ctiRoutes(mux *http.ServeMux) {
	mux.Handle("GET /customers/{id}/cti", h.private(h.ctiPage))
	mux.Handle("POST /customers/{id}/cti/accounts", h.private(h.addMonitoringAccount))
	mux.Handle("GET /customers/{id}/cti/accounts/{account}/delete", h.private(h.deleteMonitoringAccountPage))
	mux.Handle("POST /customers/{id}/cti/accounts/{account}/delete", h.private(h.deleteMonitoringAccount))
}

// Xsi paths a CTI server is given: the portal's address followed by them.
const (
	xsiActionsPath = "/com.broadsoft.xsi-actions/v2.0"
	xsiEventsPath  = "/com.broadsoft.xsi-events/v2.0"
)

// ctiData is the CTI page: the monitoring accounts, the add form's values,
// the account just created (its password shown this once) and the set-up
// panel's values.
type ctiData struct {
	listPage[*switchboard.MonitoringAccount]
	Username    string
	Description string
	Created     *app.CreatedMonitoringAccount
	Dial        *switchboard.DialParameters
	ActionsURL  string
	EventsURL   string
}

// portalBase is the address the browser reached the portal at, which is
// also where the Xsi interface is served (same listener). A request over
// TLS, or a portal behind a TLS proxy (Secure cookies), is https.
func (rq *request) portalBase() string {
	scheme := "http"
	if rq.r.TLS != nil || rq.h.secure {
		scheme = "https"
	}
	return scheme + "://" + rq.r.Host
}

// cti loads the route's customer, a page of its monitoring accounts and
// its dial parameters.
func (h *handler) cti(rq *request, username, description string) (*ctiData, error) {
	ctx, p, id := rq.r.Context(), rq.principal(), rq.r.PathValue("id")
	c, err := h.svc.Customer(ctx, p, id)
	if err != nil {
		return nil, err
	}
	base := rq.portalBase()
	d := &ctiData{Username: username, Description: description,
		ActionsURL: base + xsiActionsPath, EventsURL: base + xsiEventsPath}
	d.Owner = c
	if d.Items, d.Next, err = h.svc.MonitoringAccounts(ctx, p, id, rq.page()); err != nil {
		return nil, err
	}
	if d.Dial, err = h.svc.DialParameters(ctx, p, id); err != nil {
		return nil, err
	}
	return d, nil
}

func (h *handler) ctiPage(rq *request) error {
	d, err := h.cti(rq, "", "")
	if err != nil {
		return err
	}
	return rq.show("cti", "cti.title", d)
}

// addMonitoringAccount creates a monitoring account and shows its
// password on the answer itself, never again: the page is not a redirect,
// so reloading does not show it twice from a stored copy.
func (h *handler) addMonitoringAccount(rq *request) error {
	username := strings.TrimSpace(rq.r.PostFormValue("username"))
	description := strings.TrimSpace(rq.r.PostFormValue("description"))
	m, err := h.svc.CreateMonitoringAccount(rq.r.Context(), rq.principal(), rq.r.PathValue("id"),
		app.MonitoringAccountInput{Username: username, Description: description})
	code := switchboard.ErrorCode(err)
	if code == switchboard.EINVALID || code == switchboard.ECONFLICT {
		d, derr := h.cti(rq, username, description)
		if derr != nil {
			return derr
		}
		errs := map[string]string{"username": switchboard.ErrorMessage(err)}
		return rq.render(httpstatus.Of(code), "cti", "cti.title", d, errs)
	}
	if err != nil {
		return err
	}
	d, err := h.cti(rq, "", "")
	if err != nil {
		return err
	}
	d.Created = m
	rq.w.Header().Set("Cache-Control", "no-store")
	return rq.render(http.StatusCreated, "cti", "cti.title", d, nil)
}

// monitoringAccountData is the revocation's confirmation page.
type monitoringAccountData struct {
	Account *switchboard.MonitoringAccount
}

func (h *handler) monitoringAccountOf(rq *request) (*switchboard.MonitoringAccount, error) {
	return h.svc.MonitoringAccount(rq.r.Context(), rq.principal(), rq.r.PathValue("id"), rq.r.PathValue("account"))
}

// deleteMonitoringAccountPage asks before an account is revoked: the CTI
// server using it loses its monitoring access.
func (h *handler) deleteMonitoringAccountPage(rq *request) error {
	m, err := h.monitoringAccountOf(rq)
	if err != nil {
		return err
	}
	return rq.show("monitoring_delete", "cti.delete_title", monitoringAccountData{Account: m})
}

func (h *handler) deleteMonitoringAccount(rq *request) error {
	m, err := h.monitoringAccountOf(rq)
	if err != nil {
		return err
	}
	if err := h.svc.DeleteMonitoringAccount(rq.r.Context(), rq.principal(), m.CustomerID, m.ID); err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/customers/"+m.CustomerID+"/cti?notice=monitoring_deleted", http.StatusSeeOther)
	return nil
}
