package portal_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// FuzzPublicForms sends arbitrary input to the pages anybody reaches
// (log-in, password reset, invitation link, language headers): none
// answers with an internal error or logs anybody in.
func FuzzPublicForms(f *testing.F) {
	f.Add("ops", "wrong password", "de-CH;q=0.9, *", "sbi_x")
	f.Add("it@acme.example", "0123456789abc", "fr", strings.Repeat("k", 40))
	f.Add("", "", "", "")
	f.Add("a\x00b", strings.Repeat("p", 300), "zz-ZZ;q=abc,,,", "%zz")
	e := newEnv(f, portal.Options{})
	h := e.srv.Config.Handler
	f.Fuzz(func(t *testing.T, username, pass, lang, invite string) {
		for _, req := range []*http.Request{
			httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"username": {username}, "password": {pass}, "csrf": {invite}}.Encode())),
			httptest.NewRequest(http.MethodPost, "/password-reset", strings.NewReader(url.Values{"username": {username}, "csrf": {invite}}.Encode())),
			httptest.NewRequest(http.MethodPost, "/invite", strings.NewReader(url.Values{"invite": {invite}, "password": {pass}, "csrf": {invite}}.Encode())),
			httptest.NewRequest(http.MethodGet, "/login?invite="+url.QueryEscape(invite), nil),
		} {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", lang)
			req.AddCookie(&http.Cookie{Name: "sb_form", Value: invite})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Errorf("%s %s: status %d", req.Method, req.URL, w.Code)
			}
			for _, c := range w.Result().Cookies() {
				if c.Name == "sb_session" && c.Value != "" {
					t.Errorf("%s %s logged somebody in", req.Method, req.URL)
				}
			}
		}
	})
}
