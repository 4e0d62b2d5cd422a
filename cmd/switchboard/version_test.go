package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersion checks that version names the build's version and commit.
func TestVersion(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-12-01T22:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	if got, want := versionLine(info), "switchboard v1.4.0 (commit 0123456789ab, 2026-12-01T22:00:00Z, modified)"; got != want {
		t.Errorf("versionLine = %q, want %q", got, want)
	}
	if got := versionLine(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}); got != "switchboard (devel) (commit unknown)" {
		t.Errorf("versionLine without VCS = %q", got)
	}
	if out := mustRun(t, "version"); !strings.HasPrefix(out, "switchboard ") || !strings.Contains(out, "commit ") {
		t.Errorf("version printed %q", out)
	}
}

// TestCompletionAndManPages checks the generated shell completions and
// man pages.
func TestCompletionAndManPages(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_switchboard", "zsh": "#compdef switchboard", "fish": "complete -c switchboard"} {
		if out := mustRun(t, "completion", shell); !strings.Contains(out, want) {
			t.Errorf("completion %s lacks %q", shell, want)
		}
	}
	dir := t.TempDir()
	mustRun(t, "man", dir)
	for _, page := range []string{"switchboard.1", "switchboard-workplace-update.1", "switchboard-device-list.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Errorf("no man page %s: %v", page, err)
			continue
		}
		if !strings.Contains(string(b), ".TH") {
			t.Errorf("%s is not a man page:\n%.200s", page, b)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "switchboard-workplace-update.1")); !strings.Contains(string(b), "multi-login") {
		t.Error("workplace update's man page lacks --multi-login")
	}
}
