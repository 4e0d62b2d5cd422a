package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/switchboard-pbx/switchboard/internal/api"
)

// TestBogusCursors: a cursor the API never handed out is refused with 400
// and a detail naming the parameter, on every kind of list; the cursors it
// hands out (ids, and numbers for the number list) keep working.
func TestBogusCursors(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	lists := []string{
		"/api/v1/customers",
		"/api/v1/customers/" + a.customer + "/sites",
		"/api/v1/customers/" + a.customer + "/workplaces",
		"/api/v1/customers/" + a.customer + "/numbers",
		"/api/v1/customers/" + a.customer + "/devices",
		"/api/v1/customers/" + a.customer + "/orders",
		"/api/v1/customers/" + a.customer + "/events",
		"/api/v1/customers/" + a.customer + "/messages",
		"/api/v1/events",
		"/api/v1/messages",
		"/api/v1/tokens",
		"/api/v1/workplaces/" + a.wp1 + "/devices",
	}
	for _, l := range lists {
		for _, bogus := range []string{"garbage", "' OR 1=1 --", "cus_", "cus_!!", "\x00", strings.Repeat("z", 300), "+49 30 123"} {
			r := e.call("GET", l+"?after="+url.QueryEscape(bogus), e.operator, nil)
			if r.status != 400 || !strings.Contains(r.str("detail"), "after") {
				t.Errorf("GET %s?after=%q: %d %s, want 400 naming after", l, bogus, r.status, r.raw)
			}
		}
		// A page of one hands out a cursor that gives the next page.
		first := e.must(200, "GET", l+"?limit=1", e.operator, nil)
		if next := first.str("next"); next != "" {
			e.must(200, "GET", l+"?limit=1&after="+url.QueryEscape(next), e.operator, nil)
		}
	}
}

// TestBodyNeedsJSONContentType: a body sent without Content-Type, or with
// one that is not JSON, is refused with 415 and changes nothing; a JSON
// media type with parameters or a +json suffix is fine, and so is an action
// sent without a body.
func TestBodyNeedsJSONContentType(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	body := `{"name": "Typed GmbH", "admin_email": "it@typed.example"}`
	send := func(method, path, contentType, body string) resp {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer "+e.operator)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	}
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "text/csv", "application/xml", "not a media type"} {
		for _, c := range []struct{ method, path string }{
			{"POST", "/api/v1/customers"},
			{"PATCH", "/api/v1/customers/" + a.customer},
			{"PUT", "/api/v1/devices/" + a.dev1 + "/keys"},
		} {
			r := send(c.method, c.path, ct, body)
			if r.status != 415 || !strings.Contains(r.str("detail"), "application/json") {
				t.Errorf("%s %s with Content-Type %q: %d %s, want 415 naming application/json", c.method, c.path, ct, r.status, r.raw)
			}
		}
	}
	if n := len(e.must(200, "GET", "/api/v1/customers", e.operator, nil).items()); n != 1 {
		t.Errorf("%d customers after the refusals, want 1", n)
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"} {
		if r := send("PATCH", "/api/v1/customers/"+a.customer, ct, `{"admin_email": "it@alpha.example"}`); r.status != 200 {
			t.Errorf("PATCH with Content-Type %q: %d %s", ct, r.status, r.raw)
		}
	}
	if r := send("POST", "/api/v1/devices/"+a.dev1+"/sync", "", ""); r.status >= 400 {
		t.Errorf("an action without a body: %d %s", r.status, r.raw)
	}
	// The import takes CSV, and only CSV.
	if r := send("POST", "/api/v1/customers/"+a.customer+"/devices/import", "application/json", "model,mac\n"); r.status != 415 || !strings.Contains(r.str("detail"), "text/csv") {
		t.Errorf("import as JSON: %d %s, want 415 naming text/csv", r.status, r.raw)
	}
}

// TestDisplayTextsRefuseDirectionOverrides: names and other texts people
// read refuse the bidirectional formatting characters that make a name
// display as something it is not.
func TestDisplayTextsRefuseDirectionOverrides(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	for _, c := range []struct{ method, path, body, field string }{
		{"POST", "/api/v1/customers", `{"name": "Acme\u202egnp.exe", "admin_email": "it@acme.example"}`, "name"},
		{"PATCH", "/api/v1/customers/" + a.customer, `{"name": "Alpha\u2067 GmbH"}`, "name"},
		{"POST", "/api/v1/customers/" + a.customer + "/sites", `{"name": "HQ\u200f"}`, "name"},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"last_name": "Schmidt\u202d"}`, "last_name"},
		{"PATCH", "/api/v1/devices/" + a.dev1, `{"description": "Reception\u061c"}`, "description"},
		{"PATCH", "/api/v1/sites/" + a.site, `{"address": "Hauptstr.\u202e 1"}`, "address"},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"city": "Berlin\u2068"}`, "city"},
		{"PATCH", "/api/v1/workplaces/" + a.wp1, `{"street": "Hauptstr. 1\nFloor 2"}`, "street"},
	} {
		r := e.call(c.method, c.path, e.operator, c.body)
		if r.status != 422 {
			t.Errorf("%s %s %s: %d %s, want 422", c.method, c.path, c.body, r.status, r.raw)
			continue
		}
		checkField(t, r, c.field)
	}
}

// TestClientAbortIsNotAServerError: a request whose client hung up (its
// context cancelled, as net/http does when the connection closes) is counted
// as 499 and logged at debug level, never as a 500 or at error level.
func TestClientAbortIsNotAServerError(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	for _, path := range []string{"/api/v1/customers", "/api/v1/customers/" + a.customer + "/workplaces"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
		req.Header.Set("Authorization", "Bearer "+e.operator)
		e.handler.ServeHTTP(httptest.NewRecorder(), req)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("POST", "/api/v1/customers", strings.NewReader(`{"name": "Gone GmbH", "admin_email": "it@gone.example"}`)).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.operator)
	e.handler.ServeHTTP(httptest.NewRecorder(), req)

	for _, c := range []struct {
		route string
		want  float64
	}{{"GET /api/v1/customers", 1}, {"GET /api/v1/customers/{id}/workplaces", 1}, {"POST /api/v1/customers", 1}} {
		if got := testutil.ToFloat64(counter(t, e.registry, c.route, "499")); got != c.want {
			t.Errorf("%s counted %v times as 499, want %v", c.route, got, c.want)
		}
		if got := testutil.ToFloat64(counter(t, e.registry, c.route, "500")); got != 0 {
			t.Errorf("%s counted %v times as 500", c.route, got)
		}
	}
	logs := e.logs.String()
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("a client's abort was logged as an error:\n%s", logs)
	}
	if !strings.Contains(logs, "level=DEBUG") || !strings.Contains(logs, "canceled") {
		t.Errorf("a client's abort left no debug line naming the cancellation:\n%s", logs)
	}
}

// TestProbes: /healthz is 200 for as long as the process runs; /readyz is
// 200 while the node serves and its store answers, else 503 with
// Retry-After and one line saying why.
func TestProbes(t *testing.T) {
	e := newEnv(t)
	serving := true
	live, ready := api.Liveness(), api.Readiness(e.store, func() bool { return serving }, nil)
	probe := func(h http.Handler) resp {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		return resp{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	}
	if r := probe(ready); r.status != 200 || r.header.Get("Retry-After") != "" {
		t.Errorf("readyz: %d %s", r.status, r.raw)
	}
	serving = false
	if r := probe(ready); r.status != 503 || r.header.Get("Retry-After") != api.RetryAfter || strings.Count(strings.TrimSpace(string(r.raw)), "\n") != 0 {
		t.Errorf("readyz while shutting down: %d Retry-After %q %q", r.status, r.header.Get("Retry-After"), r.raw)
	}
	serving = true
	e.store.Close()
	if r := probe(ready); r.status != 503 || r.header.Get("Retry-After") != api.RetryAfter || !strings.Contains(string(r.raw), "database") {
		t.Errorf("readyz with the store closed: %d Retry-After %q %q", r.status, r.header.Get("Retry-After"), r.raw)
	}
	if r := probe(live); r.status != 200 {
		t.Errorf("healthz with the store closed: %d %s", r.status, r.raw)
	}
}

// TestAbandonedRequestsOverHTTP: clients that give up after a millisecond
// or two, over a real loopback connection, leave 499s (or 200s, when the
// answer was quicker) in the metrics, never a 500, and no error in the log.
func TestAbandonedRequestsOverHTTP(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	srv := httptest.NewServer(e.handler)
	defer srv.Close()
	const requests, workers = 300, 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	abandoned := 0
	jobs := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%8)*time.Millisecond+500*time.Microsecond)
				req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/customers/"+a.customer+"/workplaces", nil)
				req.Header.Set("Authorization", "Bearer "+e.operator)
				resp, err := srv.Client().Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				} else {
					mu.Lock()
					abandoned++
					mu.Unlock()
				}
				cancel()
			}
		})
	}
	for i := range requests {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	srv.Close() // waits for the handlers still running
	route := "GET /api/v1/customers/{id}/workplaces"
	got499 := testutil.ToFloat64(counter(t, e.registry, route, "499"))
	got200 := testutil.ToFloat64(counter(t, e.registry, route, "200"))
	t.Logf("%d requests, %d abandoned by the client; the server counted %v as 200 and %v as 499", requests, abandoned, got200, got499)
	if got := testutil.ToFloat64(counter(t, e.registry, route, "500")); got != 0 {
		t.Errorf("%v abandoned requests counted as 500", got)
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Error("an abandoned request was logged as an error")
	}
}
