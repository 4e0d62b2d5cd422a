package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// TestQueriesArePreparedOnce checks that a query run again is served from
// a prepared statement, on the reader pool and on the single writer
// connection alike (where preparing while a transaction holds the only
// connection must not wait for itself), and that the pool keeps no more
// than maxPrepared statements.
func TestQueriesArePreparedOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := db.d
	const query = `SELECT count(*) FROM schema_migrations WHERE version > ?`
	run := func(fn func(context.Context, func(sqlstore.Conn) error) error) int {
		var n int
		if err := fn(ctx, func(c sqlstore.Conn) error { return c.QueryRow(ctx, query, 0).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for name, p := range map[string]struct {
		pool *pool
		fn   func(context.Context, func(sqlstore.Conn) error) error
	}{"reader": {d.reader, d.View}, "writer": {d.writer, d.Update}} {
		want := run(p.fn) // the first run prepares in the background
		if want == 0 {
			t.Fatal("no migrations counted")
		}
		for p.pool.prepared(query) == nil {
			if ctx.Err() != nil {
				t.Fatalf("%s: the query was never prepared", name)
			}
			time.Sleep(time.Millisecond)
		}
		if got := run(p.fn); got != want {
			t.Errorf("%s: prepared statement counted %d migrations, plain %d", name, got, want)
		}
	}
	for i := range maxPrepared + 10 {
		d.reader.prepared(fmt.Sprintf("SELECT %d", i))
	}
	d.reader.wg.Wait()
	if n := len(d.reader.stmts); n > maxPrepared {
		t.Errorf("reader pool keeps %d statements, more than %d", n, maxPrepared)
	}
}
