package xsi_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHostileRequests sends the handler authenticated requests with any
// method, path and body: it answers each with an Xsi status, never a
// server error, and never panics. Opening a channel is left out (its
// answer does not end).
func FuzzHostileRequests(f *testing.F) {
	for _, seed := range []struct{ method, path, body string }{
		{"GET", "/com.broadsoft.xsi-actions/v2.0/user/acme.one/profile", ""},
		{"PUT", "/com.broadsoft.xsi-actions/v2.0/user/acme.one/services/CallForwardingAlways", "<CallForwardingAlways><active>true</active><forwardToPhoneNumber>x</forwardToPhoneNumber></CallForwardingAlways>"},
		{"PUT", "/com.broadsoft.xsi-actions/v2.0/user/acme.one/services/SimultaneousRingPersonal", "<SimultaneousRingPersonal><simRingLocations>" + strings.Repeat("<simRingLocation><address>1</address></simRingLocation>", 11) + "</simRingLocations></SimultaneousRingPersonal>"},
		{"POST", "/com.broadsoft.xsi-actions/v2.0/user/acme.one/calls/new?address=%00", ""},
		{"POST", "/com.broadsoft.xsi-actions/v2.0/user/acme.one/calls/Conference", "<Conference><conferenceParticipantList><conferenceParticipant><callId>x</callId>"},
		{"POST", "/com.broadsoft.xsi-events/v2.0/subscription", "<Subscription><targetIdType>User</targetIdType><targetId>acme.one</targetId><event>Advanced Call</event><channelSetId>none</channelSetId></Subscription>"},
		{"POST", "/com.broadsoft.xsi-events/v2.0/channel/eventresponse", "<EventResponse><eventID>x</eventID></EventResponse>"},
		{"DELETE", "/com.broadsoft.xsi-events/v2.0/subscription/x", ""},
		{"PUT", "/com.broadsoft.xsi-events/v2.0/channel/x/heartbeat", ""},
		{"GET", "/com.broadsoft.xsi-actions/v2.0/user/acme.one@/calls/%2e%2e", ""},
	} {
		f.Add(seed.method, seed.path, seed.body)
	}
	e := newEnv(f)
	tn := e.tenant("acme", 1)
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(method, " \t\r\n") || method == "" ||
			(method == http.MethodPost && strings.HasSuffix(strings.TrimRight(path, "/"), "/channel")) {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/", strings.NewReader(body))
		req.Method = method
		u, err := url.ParseRequestURI(path)
		if err != nil {
			return
		}
		req.URL, req.RequestURI = u, path
		req.SetBasicAuth(tn.oneUser, password)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
	})
}
