package main

import (
	"context"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestCLICalls adds and removes a trunk and a monitoring account, shows
// the dial parameters, and changes a workplace's call settings by flags.
func TestCLICalls(t *testing.T) {
	srv, svc, customer, token := apiServer(t)
	ctx := context.Background()
	site, err := svc.CreateSite(ctx, switchboard.System, customer, app.SiteInput{Name: "HQ", TimeZone: "Europe/Berlin", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := svc.CreateWorkplace(ctx, switchboard.System, customer, app.WorkplaceInput{Site: site.ID, FirstName: "Erika",
		LastName: "Mustermann", Email: "erika@example.com", EmailConfirm: "erika@example.com", NoMobile: true,
		Username: "erika.m", Extension: "2001", Package: switchboard.PackageBasic})
	if err != nil {
		t.Fatal(err)
	}
	common := []string{"--server", srv.URL, "--token", token}
	run := func(args ...string) string {
		t.Helper()
		out, errOut, err := runSplit(t, append(args, common...)...)
		if err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, out, errOut)
		}
		return out
	}
	out := run("trunk", "add", "--customer", customer, "--name", "carrier", "--proxy", "sip.carrier.example:5061",
		"--transport", "tls", "--password", "cli-trunk-secret", "--inbound", "192.0.2.0/28", "--json")
	if strings.Contains(out, "cli-trunk-secret") || !strings.Contains(out, `"password_set": true`) {
		t.Errorf("trunk add: %s", out)
	}
	if out := run("trunk", "list", "--customer", customer); !strings.Contains(out, "carrier") {
		t.Errorf("trunk list: %s", out)
	}
	out = run("monitoring", "add", "--customer", customer, "--username", "cli.cti", "--json")
	if !strings.Contains(out, `"password"`) {
		t.Errorf("monitoring add shows no password: %s", out)
	}
	if out := run("monitoring", "dial-parameters", "--customer", customer, "--json"); !strings.Contains(out, `"internal_number_length": 4`) {
		t.Errorf("dial parameters: %s", out)
	}
	out = run("calls", "set", w.ID, "--dnd", "--voicemail", "--no-answer-seconds", "30", "--json")
	if !strings.Contains(out, `"do_not_disturb": true`) || !strings.Contains(out, `"no_answer_seconds": 30`) || !strings.Contains(out, `"forward_always": false`) {
		t.Errorf("calls set: %s", out)
	}
	if _, errOut, err := runSplit(t, append([]string{"calls", "set", w.ID, "--parallel"}, common...)...); err == nil || !strings.Contains(err.Error()+errOut, "parallel ringing needs") {
		t.Errorf("parallel ringing without numbers: %v %s", err, errOut)
	}
}
