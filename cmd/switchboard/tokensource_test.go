package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnauthorizedNamesTheToken checks that a refused token is named by
// where it came from, so that a stale token file is found at once.
func TestUnauthorizedNamesTheToken(t *testing.T) {
	srv, _, _, _ := apiServer(t)
	data := t.TempDir()
	stale := filepath.Join(data, operatorTokenFile)
	if err := os.WriteFile(stale, []byte("sb_stale\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"flag", "", []string{"--token", "sb_wrong"}, "--token"},
		{"environment", "sb_wrong", nil, "SWITCHBOARD_TOKEN"},
		{"file", "", nil, stale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("SWITCHBOARD_TOKEN", tc.env)
			}
			args := append([]string{"customer", "list", "--server", srv.URL, "--data", data}, tc.args...)
			_, err := run(t, args...)
			if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v does not name the token's source %q", err, tc.want)
			}
		})
	}
}
