// Package sqlite implements switchboard.Store on an embedded SQLite file
// (modernc.org/sqlite, pure Go). Writes go through a single connection that
// starts its transactions with BEGIN IMMEDIATE, so writers queue in Go
// instead of failing with SQLITE_BUSY; reads use a separate pool in WAL
// mode and never wait for the writer. The queries are sqlstore's; this
// package supplies the dialect.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"time"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// busyTimeoutMS is how long a connection waits for a lock held by another
// process (a second switchboard command on the same file) before failing.
const busyTimeoutMS = 10000

// DB is a switchboard.Store and switchboard.Outbox on one SQLite file.
type DB struct {
	*sqlstore.DB
}

var (
	_ switchboard.Store  = (*DB)(nil)
	_ switchboard.Outbox = (*DB)(nil)
)

// Open opens (creating if needed) the database file at path, applies the
// migrations it has not seen yet and returns the store. kr seals the secrets
// written and opens them on read.
func Open(ctx context.Context, path string, kr switchboard.Keyring) (*DB, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	if kr == nil {
		return nil, errors.New("open sqlite: no keyring")
	}
	// The file holds sealed secrets and personal data: readable by the
	// owner only. SQLite gives the -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	f.Close()
	base := "file:" + (&url.URL{Path: path}).EscapedPath()
	// synchronous=NORMAL in WAL mode survives a crash of the process; a
	// power failure may lose the last transactions but never corrupts.
	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)", busyTimeoutMS)
	// The writer's page cache holds 64 MiB instead of SQLite's 2 MiB: a
	// large transaction (an import of 100,000 devices) dirties a page of
	// each index on random keys per device, and a cache smaller than those
	// pages spills them to the WAL and reads them back while the
	// transaction runs.
	writer, err := sql.Open("sqlite", base+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	if err := migrate(ctx, writer); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", base+"?"+common+"&_query_only=1")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	return &DB{DB: sqlstore.New(&dialect{writer: newStatements(writer), reader: newStatements(reader)}, kr)}, nil
}

// dialect implements sqlstore.Dialect on a single writer connection and a
// pool of readers, each with its prepared statements.
type dialect struct {
	writer *statements
	reader *statements
}

// Close closes the statements and both connection pools.
func (d *dialect) Close() error {
	d.reader.close()
	d.writer.close()
	return errors.Join(d.reader.pool.Close(), d.writer.pool.Close())
}

// Update runs fn in a write transaction on the single writer connection and
// commits if fn returns nil. Concurrent Updates run one after another, so fn
// must not call Update itself (it would wait for its own connection); View
// inside fn works but does not see fn's uncommitted writes.
func (d *dialect) Update(ctx context.Context, fn func(sqlstore.Conn) error) error {
	return run(ctx, d.writer, false, fn)
}

// Queue is Update: with one writer, the outbox's transactions need nothing
// else.
func (d *dialect) Queue(ctx context.Context, fn func(sqlstore.Conn) error) error {
	return d.Update(ctx, fn)
}

// View runs fn in a read transaction from the read pool; it sees one
// consistent snapshot and cannot write.
func (d *dialect) View(ctx context.Context, fn func(sqlstore.Conn) error) error {
	return run(ctx, d.reader, true, fn)
}

// Time stores times as text: SQLite has no time type.
func (d *dialect) Time(t time.Time) any { return sqlstore.TextTime(t) }

// SkipLocked is empty: SQLite has one writer at a time, so two claims never
// see the same row as free.
func (d *dialect) SkipLocked() string { return "" }

// run runs fn in a transaction from pool and commits if fn returns nil.
// The deferred Rollback undoes a failed fn and does nothing after a commit;
// then the queries fn ran for the first time are prepared for the next.
func run(ctx context.Context, pool *statements, readOnly bool, fn func(sqlstore.Conn) error) error {
	sqlTx, err := pool.pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	c := newConn(sqlTx, pool)
	defer func() {
		sqlTx.Rollback()
		if len(c.st.missed) > 0 {
			pool.prepare(context.WithoutCancel(ctx), c.st.missed)
		}
	}()
	if err := fn(c); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// conn implements sqlstore.Conn on one database/sql transaction, running
// each query's prepared statement when its pool has one. SQLite refuses a
// statement without undoing the transaction's earlier ones.
type conn struct{ st *txStatements }

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	if st := c.st.stmt(ctx, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = c.st.tx.ExecContext(ctx, query, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	var r *sql.Rows
	var err error
	if st := c.st.stmt(ctx, query); st != nil {
		r, err = st.QueryContext(ctx, args...)
	} else {
		r, err = c.st.tx.QueryContext(ctx, query, args...)
	}
	return rows{r}, err
}

func (c conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	if st := c.st.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.st.tx.QueryRowContext(ctx, query, args...)
}

// rows adapts *sql.Rows to sqlstore.Rows.
type rows struct{ *sql.Rows }

// Close closes the rows. Rows read to the end are closed already, and an
// error while reading them shows in Err.
func (r rows) Close() { r.Rows.Close() }
