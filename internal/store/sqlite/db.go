// Package sqlite implements switchboard.Store on an embedded SQLite file
// (modernc.org/sqlite, pure Go). Writes go through a single connection that
// starts its transactions with BEGIN IMMEDIATE, so writers queue in Go
// instead of failing with SQLITE_BUSY; reads use a separate pool in WAL
// mode and never wait for the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"

	"github.com/switchboard-pbx/switchboard"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// busyTimeoutMS is how long a connection waits for a lock held by another
// process (a second switchboard command on the same file) before failing.
const busyTimeoutMS = 10000

// DB is a switchboard.Store on one SQLite file.
type DB struct {
	writer *sql.DB
	reader *sql.DB
	kr     switchboard.Keyring
}

var _ switchboard.Store = (*DB)(nil)

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
	return &DB{writer: writer, reader: reader, kr: kr}, nil
}

// Close closes both connection pools.
func (db *DB) Close() error {
	return errors.Join(db.reader.Close(), db.writer.Close())
}

// Update runs fn in a write transaction on the single writer connection and
// commits if fn returns nil. Concurrent Updates run one after another, so fn
// must not call Update itself (it would wait for its own connection); View
// inside fn works but does not see fn's uncommitted writes.
func (db *DB) Update(ctx context.Context, fn func(switchboard.Tx) error) error {
	return db.run(ctx, db.writer, false, fn)
}

// View runs fn in a read transaction from the read pool; it sees one
// consistent snapshot and cannot write.
func (db *DB) View(ctx context.Context, fn func(switchboard.Tx) error) error {
	return db.run(ctx, db.reader, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(switchboard.Tx) error) (err error) {
	sqlTx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(&tx{ctx: ctx, tx: sqlTx, kr: db.kr}); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	return nil
}

// tx implements switchboard.Tx on one database/sql transaction.
type tx struct {
	ctx context.Context
	tx  *sql.Tx
	kr  switchboard.Keyring
}

var _ switchboard.Tx = (*tx)(nil)

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, query, args...)
}

func (t *tx) query(query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, query, args...)
}

func (t *tx) queryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// exists reports whether query (a SELECT of one row) finds anything.
func (t *tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
