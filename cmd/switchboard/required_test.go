package main

import (
	"strings"
	"testing"
)

// TestMissingFlagsAllAtOnce checks that a create names every required flag
// that is missing in one error, as the API does, before it sends anything.
func TestMissingFlagsAllAtOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"workplace", "create"}, []string{"--customer", "--site", "--username", "--extension"}},
		{[]string{"workplace", "create", "--customer", "c", "--username", "anna"}, []string{"--site", "--extension"}},
		{[]string{"customer", "create"}, []string{"--name", "--admin-email"}},
		{[]string{"device", "create"}, []string{"--workplace or --customer", "--model"}},
		{[]string{"token", "create"}, []string{"--role"}},
	} {
		name := strings.Join(tc.args, " ")
		_, err := run(t, append(tc.args, "--server", "http://127.0.0.1:1", "--token", "sb_unused")...)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %s", name, err, w)
			}
		}
		if strings.Contains(err.Error(), "127.0.0.1:1") {
			t.Errorf("%s: sent a request before checking its flags: %v", name, err)
		}
	}
}
