package main

import (
	"encoding/json"
	"github.com/spf13/pflag"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestEveryAPIFieldHasAFlag compares the request fields of the OpenAPI
// document with the flags of the CLI's create and update commands: a field
// the API accepts and the CLI cannot send is a setting a person cannot
// make, a flag the API does not know a request it refuses.
func TestEveryAPIFieldHasAFlag(t *testing.T) {
	srv, _, _, _ := apiServer(t)
	resp, err := http.Get(srv.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var spec struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&spec); err != nil {
		t.Fatal(err)
	}
	fields := func(method, path string) []string {
		op, ok := spec.Paths[path][strings.ToLower(method)]
		if !ok {
			t.Fatalf("no %s %s in the OpenAPI document", method, path)
		}
		ref := op.RequestBody.Content["application/json"].Schema.Ref
		schema, ok := spec.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		if !ok {
			t.Fatalf("%s %s: no request schema %q", method, path, ref)
		}
		var names []string
		for name := range schema.Properties {
			if !strings.HasPrefix(name, "$") {
				names = append(names, strings.ReplaceAll(name, "_", "-"))
			}
		}
		slices.Sort(names)
		return names
	}
	root := newRoot()
	flags := func(args ...string) (names []string) {
		cmd, _, err := root.Find(args)
		if err != nil || cmd.Name() != args[len(args)-1] {
			t.Fatalf("no command %q: %v", strings.Join(args, " "), err)
		}
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		return names
	}
	for _, c := range []struct {
		method, path string
		command      []string
		// ignore are the flags that choose the path or a client-side mode.
		ignore []string
	}{
		{"POST", "/api/v1/customers", []string{"customer", "create"}, nil},
		{"PATCH", "/api/v1/customers/{id}", []string{"customer", "update"}, nil},
		{"POST", "/api/v1/customers/{id}/sites", []string{"site", "create"}, []string{"customer"}},
		{"PATCH", "/api/v1/sites/{id}", []string{"site", "update"}, nil},
		{"POST", "/api/v1/customers/{id}/workplaces", []string{"workplace", "create"}, []string{"customer"}},
		{"PATCH", "/api/v1/workplaces/{id}", []string{"workplace", "update"}, nil},
		{"POST", "/api/v1/workplaces/{id}/devices", []string{"device", "create"}, []string{"workplace", "customer"}},
		{"POST", "/api/v1/customers/{id}/devices", []string{"device", "create"}, []string{"workplace", "customer"}},
		{"PATCH", "/api/v1/devices/{id}", []string{"device", "update"}, nil},
		{"POST", "/api/v1/tokens", []string{"token", "create"}, []string{"offline", "db"}},
	} {
		api := fields(c.method, c.path)
		cli := flags(c.command...)
		name := strings.Join(c.command, " ")
		for _, f := range api {
			if !slices.Contains(cli, f) {
				t.Errorf("%s %s accepts %q; %s has no --%s", c.method, c.path, f, name, f)
			}
		}
		for _, f := range cli {
			if !slices.Contains(api, f) && !slices.Contains(c.ignore, f) {
				t.Errorf("%s has --%s, which %s %s does not accept", name, f, c.method, c.path)
			}
		}
	}
}

// TestNewFlagsReachTheAPI sets the fields the CLI lacked before: a
// workplace's multi-login, a customer's allow-list, a token's expiry.
func TestNewFlagsReachTheAPI(t *testing.T) {
	srv, _, customer, admin := apiServer(t)
	cli := []string{"--server", srv.URL, "--token", admin, "--json"}
	site := jsonField(t, mustRun(t, append([]string{"site", "create", "--name", "Trier"}, cli...)...), "id")
	wp := jsonField(t, mustRun(t, append([]string{"workplace", "create", "--site", site, "--first-name", "Mia",
		"--last-name", "M", "--email", "mia@import.example", "--email-confirm", "mia@import.example", "--no-mobile",
		"--username", "mia.m", "--extension", "410"}, cli...)...), "id")
	out := mustRun(t, append([]string{"workplace", "update", wp, "--multi-login"}, cli...)...)
	if !strings.Contains(out, `"multi_login": true`) {
		t.Errorf("workplace update --multi-login:\n%s", out)
	}
	out = mustRun(t, append([]string{"customer", "update", customer, "--ip-allow-list", "192.0.2.0/24"}, cli...)...)
	if !strings.Contains(out, `"enabled": true`) || !strings.Contains(out, "192.0.2.0/24") {
		t.Errorf("customer update --ip-allow-list:\n%s", out)
	}
	out = mustRun(t, append([]string{"token", "create", "--role", "admin", "--expires-at", "720h"}, cli...)...)
	if exp := jsonField(t, out, "expires_at"); !strings.HasPrefix(exp, "20") {
		t.Errorf("token create --expires-at 720h: %s", out)
	}
	if _, err := run(t, append([]string{"token", "create", "--role", "admin", "--expires-at", "soon"}, cli...)...); err == nil || !strings.Contains(err.Error(), "720h") {
		t.Errorf("bad --expires-at: %v", err)
	}
}
