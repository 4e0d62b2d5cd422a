package sim_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/api"
	"github.com/switchboard-pbx/switchboard/internal/apiclient"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/sim"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
)

// TestSetupCreatesThenReuses provides phones through the real API on an
// SQLite store twice: the second run finds the customer, site, workplaces
// and devices of the first instead of creating new ones.
func TestSetupCreatesThenReuses(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	svc := app.New(app.Options{Store: db, Catalogue: cat, ProvisioningURL: "https://127.0.0.1:8448",
		SIP: app.SIPSettings{Domain: "127.0.0.1", Registrar: "127.0.0.1", Port: 5060, TLSPort: 5061}})
	srv := httptest.NewServer(api.New(svc, api.Options{}))
	defer srv.Close()
	tok, err := svc.CreateToken(ctx, switchboard.System, switchboard.RoleOperator, "", "")
	if err != nil {
		t.Fatal(err)
	}
	c := apiclient.New(srv.URL, tok.Secret)
	models := oneModelPerVendor(t)[2:5] // fanvil, gigaset (a DECT base), grandstream
	if models[1].Kind != switchboard.KindDECTBase {
		t.Fatalf("want a DECT base as the second model, got %s", models[1].ID)
	}

	first, customer, err := sim.Setup(ctx, c, sim.SetupOptions{Phones: 5, Models: models})
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 5 {
		t.Fatalf("got %d phones, want 5", len(first))
	}
	for i, p := range first {
		want, _ := sim.MAC(models[i%3].Vendor, customer, i)
		if p.MAC != want || p.Model.ID != models[i%3].ID || !strings.HasPrefix(p.ProvisioningURL, "https://127.0.0.1:8448/") {
			t.Errorf("phone %d: %+v, want model %s MAC %s", i, p, models[i%3].ID, want)
		}
	}
	again, customer2, err := sim.Setup(ctx, c, sim.SetupOptions{Phones: 5, Models: models})
	if err != nil {
		t.Fatal(err)
	}
	if customer2 != customer || !slices.EqualFunc(again, first, samePhone) {
		t.Errorf("second run did not reuse the first's devices:\n%+v\n%+v", first, again)
	}
	var devices struct {
		Items []map[string]any `json:"items"`
	}
	if err := c.Do(ctx, "GET", "/api/v1/customers/"+customer+"/devices", nil, &devices); err != nil {
		t.Fatal(err)
	}
	handsets := 0
	for _, d := range devices.Items {
		if d["kind"] == string(switchboard.KindDECTHandset) {
			handsets++
		}
	}
	if len(devices.Items) != 7 || handsets != 2 {
		t.Errorf("customer has %d devices (%d handsets) after two runs, want 5 phones and a handset on each of the 2 bases", len(devices.Items), handsets)
	}
	more, _, err := sim.Setup(ctx, c, sim.SetupOptions{CustomerID: customer, Phones: 6, Models: models})
	if err != nil || len(more) != 6 || !slices.EqualFunc(more[:5], first, samePhone) {
		t.Errorf("growing to 6 phones with --customer: %v %+v", err, more)
	}
	free, freeCustomer, err := sim.Setup(ctx, c, sim.SetupOptions{CustomerName: "Free phones", SIPDomain: "free.example", Free: true, Phones: 3, Models: models})
	if err != nil || len(free) != 3 {
		t.Fatalf("free devices: %v %+v", err, free)
	}
	var fc struct {
		SIPDomain string `json:"sip_domain"`
	}
	if err := c.Do(ctx, "GET", "/api/v1/customers/"+freeCustomer, nil, &fc); err != nil || fc.SIPDomain != "free.example" {
		t.Errorf("customer SIP domain %q (%v), want free.example", fc.SIPDomain, err)
	}
	var wps struct {
		Items []map[string]any `json:"items"`
	}
	if err := c.Do(ctx, "GET", "/api/v1/customers/"+freeCustomer+"/workplaces", nil, &wps); err != nil || len(wps.Items) != 0 {
		t.Errorf("free devices came with %d workplaces (%v)", len(wps.Items), err)
	}
	other := oneModelPerVendor(t)[5:6]
	if _, _, err := sim.Setup(ctx, c, sim.SetupOptions{Phones: 2, Models: other}); err != nil {
		t.Errorf("a run with another vendor (%s) after the first: %v", other[0].ID, err)
	}
}

func samePhone(a, b sim.Phone) bool {
	return a.DeviceID == b.DeviceID && a.MAC == b.MAC && a.Model.ID == b.Model.ID && a.ProvisioningURL == b.ProvisioningURL
}
