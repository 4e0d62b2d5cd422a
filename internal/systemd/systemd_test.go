package systemd

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name            string
		pid, fds, names string
		want            []string
		wantErr         string
	}{
		{name: "not activated"},
		{name: "meant for another process", pid: "99", fds: "2", names: "http:prov"},
		{name: "named", pid: "42", fds: "3", names: "http:sip:sip", want: []string{"http", "sip", "sip"}},
		{name: "unnamed", pid: "42", fds: "2", want: []string{"unknown", "unknown"}},
		{name: "none", pid: "42", fds: "0", want: []string{}},
		{name: "names miscounted", pid: "42", fds: "2", names: "http", wantErr: "names 1 sockets"},
		{name: "bad pid", pid: "me", fds: "1", wantErr: "LISTEN_PID"},
		{name: "bad count", pid: "42", fds: "many", wantErr: "LISTEN_FDS"},
		{name: "negative count", pid: "42", fds: "-1", wantErr: "LISTEN_FDS"},
		{name: "too many", pid: "42", fds: "100000", wantErr: "LISTEN_FDS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := parse(42, c.pid, c.fds, c.names)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("parse: %v, want an error naming %s", err, c.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, c.want) || (c.want != nil) != (got != nil) {
				t.Fatalf("parse = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// FuzzParse: whatever the environment says, parse answers without
// panicking, and the names it returns are as many as the count it accepted.
func FuzzParse(f *testing.F) {
	f.Add("42", "2", "http:prov")
	f.Add("42", "1", "")
	f.Add("7", "x", "::")
	f.Fuzz(func(t *testing.T, pid, fds, names string) {
		got, err := parse(42, pid, fds, names)
		if err != nil {
			return
		}
		if len(got) > maxFDs {
			t.Fatalf("%d sockets accepted", len(got))
		}
	})
}
