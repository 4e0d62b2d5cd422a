package provision

import (
	"slices"
	"testing"
)

// TestDepSet checks the set of dependants from one entry to many and back.
func TestDepSet(t *testing.T) {
	a, b, c := &entry{key: "a"}, &entry{key: "b"}, &entry{key: "c"}
	keys := func(s *depSet) []string {
		var out []string
		for _, e := range s.entries() {
			out = append(out, e.key)
		}
		slices.Sort(out)
		return out
	}
	var s depSet
	for _, step := range []struct {
		add, remove *entry
		want        []string
	}{
		{add: a, want: []string{"a"}},
		{add: a, want: []string{"a"}},
		{add: b, want: []string{"a", "b"}},
		{add: c, want: []string{"a", "b", "c"}},
		{remove: b, want: []string{"a", "c"}},
		{remove: a, want: []string{"c"}},
		{remove: c, want: nil},
		{add: b, want: []string{"b"}},
		{remove: a, want: []string{"b"}},
		{remove: b, want: nil},
	} {
		if step.add != nil {
			s.add(step.add)
		} else {
			s.remove(step.remove)
		}
		if got := keys(&s); !slices.Equal(got, step.want) || s.empty() != (len(step.want) == 0) {
			t.Fatalf("after %+v: %v (empty %v), want %v", step, got, s.empty(), step.want)
		}
	}
}
