package portal

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// Cookie names: the session's secret, and the token that protects the
// forms shown before a log-in.
const (
	sessionCookie = "sb_session"
	formCookie    = "sb_form"
)

// request is one page request with what the pages need of it.
type request struct {
	w      http.ResponseWriter
	r      *http.Request
	h      *handler
	sess   *switchboard.PortalSession
	secret string
	loc    *locale
	// parts is the rest of a streamed multipart form, after its form
	// token (streamed pages only).
	parts *multipart.Reader
}

// principal is the logged-in caller.
func (rq *request) principal() switchboard.Principal { return rq.sess.Principal() }

// page is a handler of one route; errors are answered by fail.
type page func(rq *request) error

// public serves a page open to everybody: the session, if any, is loaded
// for the header; a POST must carry the form token.
func (h *handler) public(fn page) http.Handler {
	return h.serve(false, fn)
}

// private serves a page for logged-in people; others go to the log-in.
func (h *handler) private(fn page) http.Handler {
	return h.serve(true, fn)
}

// streamed serves a page for logged-in people whose POST is a
// multipart form read as a stream (a firmware file far larger than
// memory): its first part must be the form token, and the page reads the
// other parts from rq.parts.
func (h *handler) streamed(fn page) http.Handler {
	return h.serveChecked(true, (*request).validStream, fn)
}

func (h *handler) serve(needSession bool, fn page) http.Handler {
	return h.serveChecked(needSession, (*request).validForm, fn)
}

// serveChecked serves fn, checking a POST's form token with valid.
func (h *handler) serveChecked(needSession bool, valid func(*request) bool, fn page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := &request{w: w, r: r, h: h}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, err := h.svc.PortalSession(r.Context(), c.Value)
			if err == nil {
				rq.sess, rq.secret = sess, c.Value
			}
		}
		lang := ""
		if rq.sess != nil {
			lang = rq.sess.Language
		}
		rq.loc = newLocale(chooseLanguage(r, lang))
		w.Header().Set("Cache-Control", "no-store")
		switch {
		case needSession && rq.sess == nil:
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		case rq.sess != nil:
			if err := h.svc.CheckUserAddress(r.Context(), rq.principal(), r.RemoteAddr); err != nil {
				rq.fail(err)
				return
			}
		}
		if r.Method == http.MethodPost && !valid(rq) {
			rq.fail(switchboard.Errorf(switchboard.EFORBIDDEN, "%s", rq.loc.T("error.csrf")))
			return
		}
		if err := fn(rq); err != nil {
			rq.fail(err)
		}
	})
}

// csrf returns the token the page's forms carry: derived from the session
// secret when logged in, else the random value of the form cookie, set
// here when missing (double submit).
func (rq *request) csrf() string {
	if rq.sess != nil {
		sum := sha256.Sum256([]byte("switchboard portal form\x00" + rq.secret))
		return base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if c, err := rq.r.Cookie(formCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	rq.setCookie(formCookie, v, 0)
	rq.r.AddCookie(&http.Cookie{Name: formCookie, Value: v})
	return v
}

// validForm reports whether a POST carries the page's form token.
func (rq *request) validForm() bool {
	got := rq.r.PostFormValue("csrf")
	if rq.sess == nil {
		if c, err := rq.r.Cookie(formCookie); err != nil || len(c.Value) < 32 {
			return false
		}
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(rq.csrf())) == 1
}

// validStream reports whether a POST is a multipart form whose first
// part is the page's form token, and keeps the reader of the other parts.
// Browsers send the parts in the order of the form's fields.
func (rq *request) validStream() bool {
	mr, err := rq.r.MultipartReader()
	if err != nil {
		return false
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "csrf" {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(part, 256))
	if err != nil || len(got) == 0 || subtle.ConstantTimeCompare(got, []byte(rq.csrf())) != 1 {
		return false
	}
	rq.parts = mr
	return true
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole portal;
// maxAge < 0 deletes it, 0 makes it last as long as the browser session.
// Lax rather than Strict so that a link in the invitation mail opens the
// portal logged in; every change is a POST, which Lax does not send from
// other sites.
func (rq *request) setCookie(name, value string, maxAge int) {
	http.SetCookie(rq.w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: rq.h.secure || rq.r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// startSession sets the cookie of a new session.
func (rq *request) startSession(l *app.PortalLogin) {
	rq.setCookie(sessionCookie, l.Secret, int(app.SessionMax.Seconds()))
	rq.sess, rq.secret = l.Session, l.Secret
}
