package portal

import (
	"net/http"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// totpRoutes turn two-factor log-in on for an operator or administrator.
func (h *handler) totpRoutes(mux *http.ServeMux) {
	mux.Handle("POST /account/totp/new", h.private(h.newTOTP))
	mux.Handle("POST /account/totp", h.private(h.enableTOTP))
}

// newTOTP shows a new secret for the authenticator app and asks for its
// first code.
func (h *handler) newTOTP(rq *request) error {
	setup, err := h.svc.NewTOTP(rq.r.Context(), rq.sess)
	if err != nil {
		return err
	}
	return rq.show("totp", "totp.title", setup)
}

func (h *handler) enableTOTP(rq *request) error {
	setup := &app.TOTPSetup{Secret: rq.r.PostFormValue("secret"), URL: rq.r.PostFormValue("url")}
	err := h.svc.EnableTOTP(rq.r.Context(), rq.sess, setup.Secret, rq.r.PostFormValue("code"))
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "totp", "totp.title", setup, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/account?notice=totp_on", http.StatusSeeOther)
	return nil
}
