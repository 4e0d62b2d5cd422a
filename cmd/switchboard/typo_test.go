package main

import (
	"strings"
	"testing"
)

// TestTyposFail checks that an unknown subcommand or a missing argument
// ends in an error that names the way out, instead of help and success.
func TestTyposFail(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"message", "get", "x"}, []string{`unknown command "get" for "switchboard message"`, "list"}},
		{[]string{"device", "frobnicate"}, []string{`unknown command "frobnicate"`, "create", "status"}},
		{[]string{"device", "stauts", "x"}, []string{"did you mean", "status"}},
		{[]string{"workplace", "lsit"}, []string{"did you mean", "list"}},
		{[]string{"device", "keys", "gte"}, []string{"did you mean", "get"}},
		{[]string{"costumer", "list"}, []string{"did you mean", "customer"}},
		{[]string{"device"}, []string{"give a subcommand", "create"}},
		{[]string{"device", "get"}, []string{"ID"}},
		{[]string{"order", "get"}, []string{"ID"}},
	} {
		name := strings.Join(tc.args, " ")
		out, err := run(t, tc.args...)
		if err == nil {
			t.Errorf("%s: no error\n%s", name, out)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(w)) {
				t.Errorf("%s: error %q lacks %q", name, err, w)
			}
		}
	}
}
