package switchboard_test

import (
	"slices"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestModelManual: a language the vendor translated reads its text; a
// language it did not, or a translation that lost a step, reads the
// English, so a person never gets half a procedure.
func TestModelManual(t *testing.T) {
	m := switchboard.Model{ManualSteps: []string{"one", "two"}, FactoryReset: "reset", Manuals: map[string]switchboard.Manual{
		"de": {ManualSteps: []string{"eins", "zwei"}, FactoryReset: "zurücksetzen"},
		"fr": {ManualSteps: []string{"un"}},
	}}
	for _, c := range []struct {
		lang, reset string
		steps       []string
	}{
		{"de", "zurücksetzen", []string{"eins", "zwei"}},
		{"fr", "reset", []string{"one", "two"}},
		{"en", "reset", []string{"one", "two"}},
	} {
		got := m.Manual(c.lang)
		if got.FactoryReset != c.reset || !slices.Equal(got.ManualSteps, c.steps) {
			t.Errorf("%s: %+v, want %q %v", c.lang, got, c.reset, c.steps)
		}
	}
}
