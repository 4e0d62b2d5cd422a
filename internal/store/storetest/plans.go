package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// Plans checks that the database answers every query of sqlstore.Lookups
// from its index. explain returns the lines of the plan of a query run
// with one argument; using is how a plan names a search with an index, a
// format taking the index's name ("USING INDEX %s").
func Plans(t *testing.T, explain func(query string, arg any) ([]string, error), using string) {
	for _, l := range sqlstore.Lookups() {
		plan, err := explain(l.Query, l.Arg)
		if err != nil {
			t.Fatalf("explain %q: %v", l.Query, err)
		}
		want := fmt.Sprintf(using, l.Index)
		if p := strings.Join(plan, "; "); !strings.Contains(p, want) {
			t.Errorf("plan of %q is %q, want %q", l.Query, p, want)
		}
	}
}
