package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/keyring"
)

// TestLookupsUseIndexes checks that the lookups run on every profile fetch,
// REGISTER and login are index probes, not table scans, so they stay fast
// with a million devices.
func TestLookupsUseIndexes(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for query, index := range map[string]string{
		deviceByAccessIndex: "devices_access_index",
		deviceBySIPUsername: "devices_sip_username",
		deviceByMAC:         "devices_mac",
		workplaceByUsername: "workplaces_username",
	} {
		rows, err := db.reader.Query(`EXPLAIN QUERY PLAN `+query, "x")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "USING INDEX "+index) {
			t.Errorf("plan of %q is %q, want a search using %s", query, p, index)
		}
	}
}
