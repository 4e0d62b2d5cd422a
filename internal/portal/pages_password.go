package portal

import (
	"net/http"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// passwordRoutes are the page where everybody logged in changes their own
// portal password (seed 000's user side).
func (h *handler) passwordRoutes(mux *http.ServeMux) {
	mux.Handle("GET /account/password", h.private(h.passwordPage))
	mux.Handle("POST /account/password", h.private(h.changePassword))
}

// passwordData is what the password page shows: the rule's minimum
// length next to the field.
type passwordData struct{ Min int }

func (h *handler) passwordPage(rq *request) error {
	return rq.show("password", "password.title", passwordData{Min: app.MinPortalPassword})
}

// changePassword checks the repeated new password here and everything
// else in the use case; a refusal shows at its field.
func (h *handler) changePassword(rq *request) error {
	f := rq.r.PostFormValue
	if f("password") != f("password_confirm") {
		return rq.render(http.StatusUnprocessableEntity, "password", "password.title", passwordData{Min: app.MinPortalPassword},
			map[string]string{"password_confirm": rq.loc.T("password.mismatch")})
	}
	err := h.svc.ChangePortalPassword(rq.r.Context(), rq.sess, f("current"), f("password"), rq.r.RemoteAddr)
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "password", "password.title", passwordData{Min: app.MinPortalPassword}, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/account?notice=password", http.StatusSeeOther)
	return nil
}
