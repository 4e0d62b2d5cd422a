package api_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/switchboard-pbx/switchboard/internal/api"
)

// TestOpenAPIContract checks that the document lists the DESIGN §5
// operations this package serves, each behind the bearer scheme.
func TestOpenAPIContract(t *testing.T) {
	e := newEnv(t)
	have := map[string]bool{}
	for _, op := range e.operations() {
		have[op.method+" "+op.path] = true
	}
	for _, want := range []string{
		"POST /api/v1/customers", "GET /api/v1/customers", "GET /api/v1/customers/{id}", "PATCH /api/v1/customers/{id}", "DELETE /api/v1/customers/{id}",
		"POST /api/v1/customers/{id}/sites", "GET /api/v1/customers/{id}/sites", "GET /api/v1/sites/{id}", "PATCH /api/v1/sites/{id}", "DELETE /api/v1/sites/{id}",
		"POST /api/v1/customers/{id}/numbers", "GET /api/v1/customers/{id}/numbers", "DELETE /api/v1/customers/{id}/numbers/{number}",
		"POST /api/v1/customers/{id}/workplaces", "GET /api/v1/customers/{id}/workplaces",
		"GET /api/v1/workplaces/{id}", "PATCH /api/v1/workplaces/{id}", "DELETE /api/v1/workplaces/{id}",
		"GET /api/v1/customers/{id}/orders",
		"POST /api/v1/workplaces/{id}/devices", "GET /api/v1/workplaces/{id}/devices",
		"POST /api/v1/customers/{id}/devices", "GET /api/v1/customers/{id}/devices",
		"GET /api/v1/devices/{id}", "PATCH /api/v1/devices/{id}", "DELETE /api/v1/devices/{id}",
		"GET /api/v1/devices/{id}/sip-account", "GET /api/v1/devices/{id}/initial-login", "GET /api/v1/devices/{id}/status",
		"POST /api/v1/devices/{id}/reset", "POST /api/v1/devices/{id}/reconfigure", "POST /api/v1/devices/{id}/sync",
		"POST /api/v1/devices/{id}/reboot", "POST /api/v1/devices/{id}/new-key", "PUT /api/v1/devices/{id}/keys",
		"POST /api/v1/devices/{id}/link", "POST /api/v1/devices/{id}/unlink",
		"POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{id}",
		"GET /api/v1/models", "GET /api/v1/models/{id}",
		"GET /api/v1/customers/{id}/events", "GET /api/v1/events",
	} {
		if !have[want] {
			t.Errorf("OpenAPI document lacks %s", want)
		}
	}
	doc := string(e.must(200, "GET", "/api/openapi.json", "", nil).raw)
	for _, s := range []string{`"bearer"`, `"provisioning_url"`, `"email_confirm"`, `"no_mobile"`, `"mac_provisioning"`} {
		if !strings.Contains(doc, s) {
			t.Errorf("OpenAPI document lacks %s", s)
		}
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	e.must(200, "GET", "/api/v1/customers/"+a.customer, a.admin, nil)
	e.must(404, "GET", "/api/v1/customers/cus_nope", a.admin, nil)
	e.must(404, "GET", "/nowhere", "", nil)
	counts := map[string]float64{}
	var durations uint64
	mfs, err := e.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			switch mf.GetName() {
			case "switchboard_api_requests_total":
				counts[labels["route"]+" "+labels["code"]] += m.GetCounter().GetValue()
			case "switchboard_api_request_duration_seconds":
				durations += m.GetHistogram().GetSampleCount()
			}
		}
	}
	if counts["GET /api/v1/customers/{id} 200"] < 1 || counts["GET /api/v1/customers/{id} 404"] != 1 || counts["unmatched 404"] != 1 {
		t.Errorf("request counts: %v", counts)
	}
	if durations == 0 {
		t.Error("no request durations recorded")
	}
	// A second handler on the same registry reuses its collectors.
	h2 := api.New(e.svc, api.Options{Registry: e.registry})
	h2.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nowhere", nil))
	if got := testutil.ToFloat64(counter(t, e.registry, "unmatched", "404")); got != 2 {
		t.Errorf("unmatched 404 counted %v times over two handlers, want 2", got)
	}
}

// counter finds the request counter for route and code in reg.
func counter(t *testing.T, reg *prometheus.Registry, route, code string) prometheus.Collector {
	t.Helper()
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_api_requests_total", Help: "API requests by route pattern and HTTP status code."}, []string{"route", "code"})
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if !errors.As(err, &are) {
		t.Fatalf("request counter not registered: %v", err)
	}
	return are.ExistingCollector.(*prometheus.CounterVec).WithLabelValues(route, code)
}
