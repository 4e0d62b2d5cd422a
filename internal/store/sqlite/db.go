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
	d *dialect
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
	writer, err := sql.Open("sqlite", base+"?"+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
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
	d := &dialect{writer: newPool(writer), reader: newPool(reader)}
	return &DB{DB: sqlstore.New(d, kr), d: d}, nil
}

// dialect implements sqlstore.Dialect on a single writer connection and a
// pool of readers.
type dialect struct {
	writer *pool
	reader *pool
}

// Close closes both connection pools.
func (d *dialect) Close() error {
	return errors.Join(d.reader.close(), d.writer.close())
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
// The deferred Rollback undoes a failed fn and does nothing after a commit.
func run(ctx context.Context, p *pool, readOnly bool, fn func(sqlstore.Conn) error) error {
	sqlTx, err := p.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer sqlTx.Rollback()
	if err := fn(conn{sqlTx, p}); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// conn implements sqlstore.Conn on one database/sql transaction. SQLite
// refuses a statement without undoing the transaction's earlier ones.
type conn struct {
	tx   *sql.Tx
	pool *pool // nil: no prepared statements
}

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := c.stmt(ctx, query).ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	r, err := c.stmt(ctx, query).QueryContext(ctx, args...)
	return rows{r}, err
}

func (c conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return c.stmt(ctx, query).QueryRowContext(ctx, args...)
}

// stmt is query prepared in the transaction, from the pool's statements
// when the pool holds it (migrations run before there is a pool).
func (c conn) stmt(ctx context.Context, query string) txStmt {
	if c.pool == nil {
		return plainStmt{c.tx, query}
	}
	if s := c.pool.prepared(query); s != nil {
		return c.tx.StmtContext(ctx, s)
	}
	return plainStmt{c.tx, query}
}

// rows adapts *sql.Rows to sqlstore.Rows.
type rows struct{ *sql.Rows }

// Close closes the rows. Rows read to the end are closed already, and an
// error while reading them shows in Err.
func (r rows) Close() { r.Rows.Close() }
