package main

import (
	"context"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestAdminTokenNeedsNoCustomer checks that the CLI takes the customer
// from a token bound to one, and still asks the operator for it.
func TestAdminTokenNeedsNoCustomer(t *testing.T) {
	srv, svc, customer, admin := apiServer(t)
	cli := []string{"--server", srv.URL, "--token", admin}
	site := jsonField(t, mustRun(t, append([]string{"site", "create", "--name", "Mainz", "--json"}, cli...)...), "id")
	mustRun(t, append([]string{"number", "add", "+49613155500"}, cli...)...)
	for _, args := range [][]string{
		{"site", "list"},
		{"workplace", "list"},
		{"device", "list"},
		{"number", "list"},
		{"order", "list"},
		{"event", "list"},
		{"message", "list"},
	} {
		out, err := run(t, append(args, cli...)...)
		if err != nil {
			t.Errorf("%s without --customer: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if out := mustRun(t, append([]string{"site", "list"}, cli...)...); !strings.Contains(out, site) {
		t.Errorf("site list lacks the site created without --customer:\n%s", out)
	}
	if out := mustRun(t, append([]string{"number", "list"}, cli...)...); !strings.Contains(out, "+49613155500") {
		t.Errorf("number list lacks the number added without --customer:\n%s", out)
	}
	if out := mustRun(t, append([]string{"customer", "get", customer}, cli...)...); !strings.Contains(out, customer) {
		t.Errorf("customer get:\n%s", out)
	}

	op, err := svc.CreateToken(context.Background(), switchboard.System, switchboard.RoleOperator, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "workplace", "list", "--server", srv.URL, "--token", op.Secret); err == nil || !strings.Contains(err.Error(), "--customer") {
		t.Errorf("operator without --customer: %v", err)
	}
}
