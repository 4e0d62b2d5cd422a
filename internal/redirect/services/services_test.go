package services_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
	"github.com/switchboard-pbx/switchboard/internal/redirect/services"
)

// TestEveryCatalogueServiceIsKnown checks that each redirect service the
// device catalogue names has an entry here, so no model's devices are left
// saying they have no service.
func TestEveryCatalogueServiceIsKnown(t *testing.T) {
	cat, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range cat.Models() {
		if m.Redirect == "" {
			continue
		}
		s, ok := services.ForModel(m)
		if !ok {
			t.Errorf("model %s names redirect service %q, which is not in the list", m.ID, m.Redirect)
		}
		seen[s.Name] = true
	}
	for _, s := range services.All {
		if !seen[s.Name] {
			t.Errorf("service %s serves no model of the catalogue", s.Name)
		}
	}
}

// TestCheck checks that a bad account is refused naming the field to
// correct, and that a complete one of each service is accepted.
func TestCheck(t *testing.T) {
	good := map[string]switchboard.RedirectAccount{
		"yealink":     {Credentials: map[string]string{"access_key_id": "k", "access_key_secret": "s"}},
		"snom":        {Credentials: map[string]string{"user": "u", "password": "p"}},
		"gigaset":     {Credentials: map[string]string{"user": "u", "password": "p"}, Settings: map[string]string{"provider": "Acme"}},
		"fanvil":      {Credentials: map[string]string{"user": "u", "password": "p"}},
		"grandstream": {Credentials: map[string]string{"user": "u", "password": "p", "client_id": "c", "client_secret": "s"}, Settings: map[string]string{"site_id": "7"}},
		"poly":        {Credentials: map[string]string{"api_key": "k"}, Settings: map[string]string{"profile": "p1"}},
	}
	for _, s := range services.All {
		a := good[s.Name]
		a.Service, a.Name = s.Name, "Account"
		if err := services.Check(&a); err != nil {
			t.Errorf("%s: a complete account refused: %v", s.Name, err)
		}
	}
	for _, c := range []struct {
		name  string
		edit  func(a *switchboard.RedirectAccount)
		field string
	}{
		{"unknown service", func(a *switchboard.RedirectAccount) { a.Service = "nokia" }, "service"},
		{"no name", func(a *switchboard.RedirectAccount) { a.Name = "" }, "name"},
		{"name with a line break", func(a *switchboard.RedirectAccount) { a.Name = "a\nb" }, "name"},
		{"URL with a password", func(a *switchboard.RedirectAccount) { a.URL = "https://u:p@rps.example/" }, "url"},
		{"URL of another scheme", func(a *switchboard.RedirectAccount) { a.URL = "file:///etc/passwd" }, "url"},
		{"missing credential", func(a *switchboard.RedirectAccount) { delete(a.Credentials, "client_secret") }, "credentials.client_secret"},
		{"unknown credential", func(a *switchboard.RedirectAccount) { a.Credentials["token"] = "x" }, "credentials.token"},
		{"missing setting", func(a *switchboard.RedirectAccount) { delete(a.Settings, "site_id") }, "settings.site_id"},
		{"unknown setting", func(a *switchboard.RedirectAccount) { a.Settings["zone"] = "x" }, "settings.zone"},
		{"id that is no number", func(a *switchboard.RedirectAccount) { a.Settings["org_id"] = "x1" }, "settings.org_id"},
	} {
		a := good["grandstream"]
		a.Service, a.Name = "grandstream", "Account"
		a.Credentials, a.Settings = maps.Clone(a.Credentials), maps.Clone(a.Settings)
		c.edit(&a)
		err := services.Check(&a)
		var e *switchboard.Error
		if !errors.As(err, &e) || e.Code != switchboard.EINVALID || e.Field != c.field || strings.TrimSpace(e.Message) == "" {
			t.Errorf("%s: %v, want an invalid field %s with a reason", c.name, err, c.field)
		}
	}
}

// FuzzCheck feeds accounts from the API to Check: it never panics, and an
// account it accepts builds a connector.
func FuzzCheck(f *testing.F) {
	f.Add("grandstream", "GDMS", "", "site_id", "7", "client_secret", "s")
	f.Add("yealink", "RPS", "https://rps.example/", "", "", "access_key_id", "k")
	f.Add("poly", "ZTP\u202e", "http://[::1]:8/", "profile", "p", "api_key", "")
	f.Fuzz(func(t *testing.T, service, name, url, setting, value, credential, secret string) {
		a := &switchboard.RedirectAccount{Service: service, Name: name, URL: url,
			Settings: map[string]string{setting: value}, Credentials: map[string]string{credential: secret}}
		if services.Check(a) != nil {
			return
		}
		if _, err := services.Connect(a, "https://pbx.example.net:8448/ztp/", nil); err != nil {
			t.Errorf("accepted account %+v does not connect: %v", a, err)
		}
	})
}
