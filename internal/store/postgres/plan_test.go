package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// TestLookupsUseIndexes checks that the lookups run on every profile fetch,
// REGISTER and login, and every page of a device list, can be answered
// from their indexes. Sequential
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
	storetest.Plans(t, func(query string, args []any) ([]string, error) {
		rows, err := conn.Query(ctx, `EXPLAIN `+rebind(query), args...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowTo[string])
	}, func(table string, columns []string) (string, error) {
		// pg_indexes gives each index's definition, ending in its
		// columns ("... USING btree (customer_id, id)") and, for a
		// partial index, its condition.
		rows, err := conn.Query(ctx, `SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE $2`,
			table, "% USING btree ("+strings.Join(columns, ", ")+")%")
		if err != nil {
			return "", err
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(names) != 1 {
			return "", fmt.Errorf("indexes %v of %s on %v: %w", names, table, columns, err)
		}
		return names[0], nil
	}, "(Index Scan( Backward)? using|Index Only Scan( Backward)? using|Bitmap Index Scan on) %s ")
}
