package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
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
	for query, index := range map[string]string{
		deviceByAccessIndex: "devices_access_index",
		deviceBySIPUsername: "devices_sip_username",
		deviceByMAC:         "devices_mac",
		workplaceByUsername: "workplaces_username",
	} {
		arg := any("x")
		if index == "devices_access_index" {
			arg = []byte("x")
		}
		rows, err := conn.Query(ctx, `EXPLAIN `+rebind(query), arg)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "Index Scan using "+index) {
			t.Errorf("plan of %q is %q, want an index scan using %s", query, p, index)
		}
	}
}
