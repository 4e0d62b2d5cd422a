package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestOperatorCreate: "operator create" prints a generated password that
// logs in to the portal, or takes one from standard input and prints
// nothing; a taken username and an empty standard input are refused.
func TestOperatorCreate(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSpace(mustRun(t, "operator", "create", "Anna", "--data", data))
	stdin := func(input string, args ...string) (string, error) {
		var buf bytes.Buffer
		root := newRoot()
		root.SetIn(strings.NewReader(input))
		root.SetOut(&buf)
		root.SetErr(&buf)
		root.SetArgs(append(args, "--data", data))
		err := root.ExecuteContext(context.Background())
		return buf.String(), err
	}
	if printed, err := stdin("chosen password 1\n", "operator", "create", "bert", "--password-stdin"); err != nil || printed != "" {
		t.Fatalf("operator create --password-stdin: %q, %v", printed, err)
	}
	if _, err := stdin("", "operator", "create", "carl", "--password-stdin"); err == nil {
		t.Error("an empty standard input made an account")
	}
	if _, err := run(t, "operator", "create", "anna", "--data", data); switchboard.ErrorCode(err) != switchboard.ECONFLICT {
		t.Errorf("second anna: %v, want a conflict", err)
	}
	store, svc, err := openService(context.Background(), data, "", "localhost", 8448, 5060, 5061, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for user, password := range map[string]string{"anna": out, "bert": "chosen password 1"} {
		l, err := svc.PortalLogIn(context.Background(), user, password, "", "127.0.0.1:1")
		if err != nil {
			t.Errorf("log in as %s: %v", user, err)
		} else if l.Session.Role != switchboard.RoleOperator {
			t.Errorf("%s logged in as %s", user, l.Session.Role)
		}
	}
}
