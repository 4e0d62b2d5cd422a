package portal_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// literalKeys finds the catalogue keys written out in templates
// ({{.T "key"}}) and in the code (T("key")).
var literalKeys = regexp.MustCompile(`\bT[ (]"([a-z_]+\.[a-z_]+)"`)

// builtKeys are the keys templates and code build from a value
// (printf "action.%s"), with every value the value can take.
func builtKeys() []string {
	families := map[string][]string{
		"keytype":     {"line", "speed_dial", "blf", "voicemail", "directory", "group", "extension"},
		"redirect":    {"pending", "registered", "released", "failed", "unavailable"},
		"role":        {"operator", "admin", "user"},
		"language":    portal.Languages,
		"action":      portal.Actions,
		"confirm":     portal.Actions,
		"result":      {"sent", "pending"},
		"status":      {"online", "offline"},
		"mac":         {"off", "once", "done"},
		"order_state": {"open", "processing", "done", "failed"},
		"notice": {"logged_out", "reset_sent", "language", "saved", "linked", "unlinked", "handset_added", "handset_removed", "resent", "password", "device_added", "calls_saved",
			"firmware_uploaded", "firmware_deleted", "pin_saved", "rollout_started", "rollout_pause", "rollout_resume", "rollout_abort"},
		"call_end":       {"normal", "busy", "no-answer", "rejected", "cancelled", "forbidden", "failed"},
		"event_kind":     {"all", "audit", "security"},
		"message_state":  {"all", "pending", "sent", "failed"},
		"channel":        {"all", "email", "sms", "redirect"},
		"rollout_state":  {"running", "paused", "done", "rolled_back", "aborted"},
		"rollout_device": {"waiting", "upgraded", "failed", "reverted", "scheduled"},
		"history_file":   {"changed", "not_fetched", "dropped"},
	}
	var keys []string
	for prefix, values := range families {
		for _, v := range values {
			keys = append(keys, prefix+"."+v)
		}
	}
	return keys
}

// TestCatalogueComplete fails when a key used by a template or the code is
// missing in any language, or a language has a key the others lack.
func TestCatalogueComplete(t *testing.T) {
	used := builtKeys()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") ||
			!(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".go")) {
			return err
		}
		raw, err := os.ReadFile(path)
		for _, m := range literalKeys.FindAllStringSubmatch(string(raw), -1) {
			used = append(used, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 60 {
		t.Fatalf("found only %d keys in use; the scan is broken", len(used))
	}
	for _, lang := range portal.Languages {
		cat := portal.Catalogues[lang]
		for _, k := range used {
			if strings.TrimSpace(cat[k]) == "" {
				t.Errorf("%s: key %q is used but missing", lang, k)
			}
		}
		for k := range cat {
			for _, other := range portal.Languages {
				if _, ok := portal.Catalogues[other][k]; !ok {
					t.Errorf("%s has %q, %s lacks it", lang, k, other)
				}
			}
		}
	}
	slices.Sort(used)
	if n := len(slices.Compact(used)); n > len(portal.Catalogues["en"]) {
		t.Errorf("%d keys in use, %d in the English catalogue", n, len(portal.Catalogues["en"]))
	}
}

// TestLocaleForms: numbers and dates are written as each language writes
// them.
func TestLocaleForms(t *testing.T) {
	at := time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, number, date string }{
		{"en", "12,345", "Dec 2, 2026, 14:05 UTC"},
		{"de", "12.345", "02.12.2026, 14:05 UTC"},
		{"fr", "12\u00a0345", "02/12/2026 14:05 UTC"},
	} {
		n, d := portal.Format(tc.lang, 12345, at)
		if n != tc.number || d != tc.date {
			t.Errorf("%s: %q and %q, want %q and %q", tc.lang, n, d, tc.number, tc.date)
		}
	}
}
