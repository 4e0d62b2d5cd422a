package portal_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// FuzzAdminForms sends arbitrary input to the administrators' forms (the
// workplace wizard and its edit, a site's settings, adding numbers and
// devices, the function keys, a DECT base's new handset, linking, a site's
// hot-desk settings, call settings, the own password) and to the audit and
// outbox filters: none answers with an internal error.
func FuzzAdminForms(f *testing.F) {
	f.Add("Max", "+493012345601", "cart")
	f.Add("max.mustermann", "203", "order")
	f.Add("Europe/Berlin", "+49 30 1234", "save")
	f.Add("a\x00b<script>", strings.Repeat("9", 40), "")
	f.Add("", "", "edit")
	e := newEnv(f, portal.Options{})
	b := e.loggedIn(e.acme.admin)
	b.get("/account")
	srv, err := url.Parse(e.srv.URL)
	e.must(err)
	cookies, csrf, h := b.c.Jar.Cookies(srv), b.csrf, e.srv.Config.Handler
	cust, wp := e.acme.cust.ID, e.acme.wp1
	base, err := e.svc.CreateDevice(e.ctx, switchboard.System, cust, "", app.DeviceInput{Model: "yealink-w70b"})
	e.must(err)
	f.Fuzz(func(t *testing.T, text, number, step string) {
		send := func(req *http.Request) {
			for _, c := range cookies {
				req.AddCookie(c)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Errorf("%s %s: status %d", req.Method, req.URL, w.Code)
			}
		}
		workplace := url.Values{"site": {text}, "first_name": {text}, "last_name": {text}, "city": {text},
			"username": {text}, "email": {text}, "email_confirm": {text}, "mobile": {number}, "no_mobile": {step},
			"numbers": {number, text}, "extension": {number}, "package": {text}, "step": {step}}
		for _, form := range []struct {
			path string
			v    url.Values
		}{
			{"/customers/" + cust + "/workplaces/new", workplace},
			{"/workplaces/" + wp.ID + "/edit", workplace},
			{"/sites/" + wp.SiteID, url.Values{"name": {text}, "time_zone": {text}, "language": {text},
				"ntp_servers": {number + " " + text}, "encryption": {step}}},
			{"/customers/" + cust + "/numbers", url.Values{"numbers": {number + "\n" + text}}},
			{"/devices/" + e.acme.desk1.ID + "/keys", url.Values{"module": {number}, "type_1": {text}, "value_1": {number},
				"label_1": {text}, "type_2": {step}, "value_2": {text}, "remove": {number}}},
			{"/devices/" + base.ID + "/handsets", url.Values{"model": {text}, "description": {text}, "workplace": {step}}},
			{"/devices/" + e.acme.desk2.ID + "/link", url.Values{"workplace": {text}}},
			{"/sites/" + wp.SiteID + "/hot-desk", url.Values{"auto_logout": {text}}},
			{"/workplaces/" + wp.ID + "/devices/new", url.Values{"model": {text}, "description": {text}, "mac": {number}}},
			{"/workplaces/" + wp.ID + "/calls", url.Values{"forward_always": {step}, "forward_target": {step}, "forward_to": {number},
				"remote_office": {step}, "remote_office_number": {text}, "parallel_ringing": {step},
				"parallel_ringing_numbers": {number + "," + text}, "voicemail": {step}, "no_answer_seconds": {number}}},
			{"/account/password", url.Values{"current": {text}, "password": {number}, "password_confirm": {number}}},
		} {
			form.v.Set("csrf", csrf)
			req := httptest.NewRequest(http.MethodPost, form.path, strings.NewReader(form.v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			send(req)
		}
		for _, path := range []string{"/customers/" + cust + "/audit?", "/audit?", "/customers/" + cust + "/outbox?"} {
			send(httptest.NewRequest(http.MethodGet, path+url.Values{"q": {text}, "kind": {step}, "state": {step},
				"channel": {text}, "after": {number}}.Encode(), nil))
		}
	})
}
