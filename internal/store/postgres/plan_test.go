package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// TestLookupsUseIndexes checks that the lookups run on every profile fetch,
// REGISTER and login can be answered from their unique indexes. Sequential
// scans are disabled for the check, since on an empty table the planner
// would rightly prefer one.
func TestLookupsUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.URL(t), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	storetest.Plans(t, func(query string, arg any) ([]string, error) {
		rows, err := conn.Query(ctx, `EXPLAIN `+rebind(query), arg)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowTo[string])
	}, "Scan using %s") // "Index Scan using i" or "Index Only Scan using i"
}
