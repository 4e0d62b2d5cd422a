package portal

import (
	"net/http"
	"slices"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/httpstatus"
)

// authRoutes are the pages around logging in and out.
func (h *handler) authRoutes(mux *http.ServeMux) {
	mux.Handle("GET /login", h.public(h.loginPage))
	mux.Handle("POST /login", h.public(h.logIn))
	mux.Handle("POST /logout", h.private(h.logOut))
	mux.Handle("GET /password-reset", h.public(h.resetPage))
	mux.Handle("POST /password-reset", h.public(h.requestReset))
	mux.Handle("GET /account", h.private(h.accountPage))
	mux.Handle("POST /language", h.private(h.setLanguage))
}

// loginForm is what the log-in page shows again after a refusal.
type loginForm struct{ Username string }

func (h *handler) loginPage(rq *request) error {
	if secret := rq.r.URL.Query().Get("invite"); secret != "" {
		return h.invitePage(rq, secret)
	}
	if rq.sess != nil {
		http.Redirect(rq.w, rq.r, "/", http.StatusSeeOther)
		return nil
	}
	return rq.show("login", "login.title", loginForm{})
}

func (h *handler) logIn(rq *request) error {
	username := rq.r.PostFormValue("username")
	l, err := h.svc.PortalLogIn(rq.r.Context(), username, rq.r.PostFormValue("password"), rq.r.PostFormValue("code"), rq.r.RemoteAddr)
	if err != nil {
		code := switchboard.ErrorCode(err)
		errs := fieldErrors(err)
		switch code {
		case switchboard.EUNAUTHORIZED:
			errs = map[string]string{"password": rq.loc.T("login.wrong")}
		case switchboard.ERATELIMIT:
			errs = map[string]string{"password": switchboard.ErrorMessage(err)}
		case switchboard.EINVALID:
		default:
			return err
		}
		return rq.render(httpstatus.Of(code), "login", "login.title", loginForm{Username: username}, errs)
	}
	rq.startSession(l)
	http.Redirect(rq.w, rq.r, "/", http.StatusSeeOther)
	return nil
}

func (h *handler) logOut(rq *request) error {
	if err := h.svc.PortalLogOut(rq.r.Context(), rq.secret); err != nil {
		return err
	}
	rq.setCookie(sessionCookie, "", -1)
	http.Redirect(rq.w, rq.r, "/login?notice=logged_out", http.StatusSeeOther)
	return nil
}

func (h *handler) resetPage(rq *request) error {
	return rq.show("reset", "reset.title", loginForm{})
}

// requestReset reuses the API's password reset: a workplace user gets a
// new portal password by SMS or mail. The answer is the same whether the
// username exists or not.
func (h *handler) requestReset(rq *request) error {
	username := rq.r.PostFormValue("username")
	err := h.svc.RequestPasswordReset(rq.r.Context(), username, rq.r.RemoteAddr)
	if errs := fieldErrors(err); errs != nil {
		return rq.render(http.StatusUnprocessableEntity, "reset", "reset.title", loginForm{Username: username}, errs)
	}
	if err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/login?notice=reset_sent", http.StatusSeeOther)
	return nil
}

func (h *handler) accountPage(rq *request) error {
	return rq.show("account", "account.title", Languages)
}

// setLanguage keeps the chosen language on the session and on the account
// (or the user's workplace) for the next log-in; before a log-in the
// browser's Accept-Language decides.
func (h *handler) setLanguage(rq *request) error {
	lang := rq.r.PostFormValue("language")
	if !slices.Contains(Languages, lang) {
		return switchboard.FieldErrorf("language", "the portal speaks de, en and fr")
	}
	if err := h.svc.SetPortalLanguage(rq.r.Context(), rq.sess, lang); err != nil {
		return err
	}
	http.Redirect(rq.w, rq.r, "/account?notice=language", http.StatusSeeOther)
	return nil
}
