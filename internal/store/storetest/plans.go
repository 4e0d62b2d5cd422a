package storetest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// Plans checks that the database answers every query of sqlstore.Lookups
// from its index. explain returns the lines of the plan of a query run
// with the arguments; indexOn returns the name of the table's index on
// exactly the columns, in order; using is how a plan names a search with an
// index, a regular expression with %s where the index's name goes
// ("USING (COVERING )?INDEX %s ").
func Plans(t *testing.T, explain func(query string, args []any) ([]string, error),
	indexOn func(table string, columns []string) (string, error), using string) {
	for _, l := range sqlstore.Lookups() {
		index, err := indexOn(l.Table, l.Columns)
		if err != nil {
			t.Fatalf("index on %s %v: %v", l.Table, l.Columns, err)
		}
		plan, err := explain(l.Query, l.Args)
		if err != nil {
			t.Fatalf("explain %q: %v", l.Query, err)
		}
		want := regexp.MustCompile(fmt.Sprintf(using, regexp.QuoteMeta(index)))
		if p := strings.Join(plan, "; "); !want.MatchString(p) {
			t.Errorf("plan of %q with %v is %q, want %q", l.Query, l.Args, p, want.String())
		}
	}
}
