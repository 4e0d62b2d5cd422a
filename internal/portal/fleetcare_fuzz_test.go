package portal_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// FuzzFleetCareForms sends arbitrary input to the firmware upload (as a
// well-formed form with any fields and as any body at all), the pin, the
// rollout start form, the history's version choice and the site's
// rollback time: none answers with an internal error.
func FuzzFleetCareForms(f *testing.F) {
	f.Add("yealink-t54w", "96.86.0.160", "10, 50, 100", "2026-12-01T10:00", []byte("image"))
	f.Add("", "../../etc", "0,100%", "2026-13-45T99:99:99", []byte{})
	f.Add("a\x00b<script>", strings.Repeat("9", 80), "-5 ;;", "", []byte("--x\r\n\r\n"))
	e := newEnv(f, portal.Options{})
	ops, admin := e.loggedIn("ops"), e.loggedIn(e.acme.admin)
	ops.get("/account")
	admin.get("/account")
	h, cust, dev, site := e.srv.Config.Handler, e.acme.cust.ID, e.acme.desk1.ID, e.acme.wp1.SiteID
	e.fetchProfile(e.acme.desk1)
	e.fetchProfile(e.acme.desk1)
	srv, err := url.Parse(e.srv.URL)
	e.must(err)
	f.Fuzz(func(t *testing.T, model, version, percents, at string, body []byte) {
		send := func(b *browser, req *http.Request) {
			for _, c := range b.c.Jar.Cookies(srv) {
				req.AddCookie(c)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Errorf("%s %s: status %d", req.Method, req.URL, w.Code)
			}
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, kv := range [][2]string{{"csrf", ops.csrf}, {"model", model}, {"version", version}, {"sha256", percents}} {
			if err := mw.WriteField(kv[0], kv[1]); err != nil {
				t.Fatal(err)
			}
		}
		if fw, err := mw.CreateFormFile("file", at); err == nil {
			_, _ = fw.Write(body)
		}
		_ = mw.Close()
		for _, raw := range [][]byte{buf.Bytes(), body} {
			req := httptest.NewRequest(http.MethodPost, "/firmware", bytes.NewReader(raw))
			req.Header.Set("Content-Type", mw.FormDataContentType())
			send(ops, req)
		}
		for _, form := range []struct {
			path string
			v    url.Values
		}{
			{"/customers/" + cust + "/firmware", url.Values{"model": {model}, "firmware": {version}, "site": {at}}},
			{"/customers/" + cust + "/firmware/remove", url.Values{"model": {model}, "site": {at}}},
			{"/customers/" + cust + "/rollouts", url.Values{"firmware": {version}, "site": {model}, "first_ring": {dev, at},
				"percents": {percents}, "ring_minutes": {percents}, "spread_minutes": {at}, "max_failed_percent": {version}}},
			{"/sites/" + site + "/rollback", url.Values{"at": {at}}},
			{"/rollouts/" + url.PathEscape(model) + "/" + url.PathEscape(version), nil},
		} {
			v := url.Values{"csrf": {admin.csrf}}
			for k, x := range form.v {
				v[k] = x
			}
			req := httptest.NewRequest(http.MethodPost, form.path, strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			send(admin, req)
		}
		send(admin, httptest.NewRequest(http.MethodGet, "/devices/"+dev+"/history?"+url.Values{"from": {version}, "to": {percents}}.Encode(), nil))
	})
}
