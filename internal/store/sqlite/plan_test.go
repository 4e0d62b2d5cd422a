package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// TestLookupsUseIndexes checks that the lookups run on every profile fetch,
// REGISTER and login are index probes, not table scans, so they stay fast
// with a million devices.
func TestLookupsUseIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sb.db")
	db, err := Open(context.Background(), path, keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reader, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	storetest.Plans(t, func(query string, arg any) ([]string, error) {
		rows, err := reader.Query(`EXPLAIN QUERY PLAN `+query, arg)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return nil, err
			}
			plan = append(plan, detail)
		}
		return plan, rows.Err()
	}, "USING INDEX %s")
}
