// Package sqlstore implements switchboard.Store once, for every SQL
// database: it holds the queries and row mappings, and leaves to a Dialect
// what each database does its own way (transactions and their isolation,
// placeholders, constraint errors, time columns, row locks for queues).
// Queries are written with ? placeholders; a dialect whose database numbers
// them rewrites them in its Conn.
package sqlstore

import (
	"context"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// Dialect is one database's way of running the store's transactions and
// of writing what SQL leaves open. internal/store/sqlite and
// internal/store/postgres implement it.
type Dialect interface {
	// Update runs fn in a read-write transaction and commits if fn returns
	// nil; it may run fn again after a transient failure.
	Update(ctx context.Context, fn func(Conn) error) error
	// View runs fn in a read-only snapshot.
	View(ctx context.Context, fn func(Conn) error) error
	// Queue runs fn in a write transaction for the outbox's claims and
	// marks, which touch one message each or lock the rows they take and
	// so need no serializable snapshot.
	Queue(ctx context.Context, fn func(Conn) error) error
	// Constraint names the constraint err violated as the migrations name
	// it ("devices_mac", "customers_pkey"), "foreign key" for any foreign
	// key, and "" when err is not a constraint violation.
	Constraint(err error) string
	// Time encodes a time for a time column: TextTime or NativeTime.
	Time(t time.Time) any
	// SkipLocked ends a SELECT of rows a claim takes, so that concurrent
	// claims take disjoint rows: " FOR UPDATE SKIP LOCKED", or "" for a
	// database that runs one writer at a time.
	SkipLocked() string
	// Close releases the connections.
	Close() error
}

// Conn runs statements inside one transaction.
type Conn interface {
	// Exec runs a write and returns how many rows it touched. A write
	// refused by a constraint leaves the transaction usable.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Query runs a query of any number of rows.
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	// QueryRow runs a query of one row; its Scan fails with an error
	// matching sql.ErrNoRows when there is none.
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Rows is the result of Conn.Query.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the result of Conn.QueryRow, and what the row mappings scan
// (Rows at a row is one too).
type Row interface {
	Scan(dest ...any) error
}

// DB is a switchboard.Store and switchboard.Outbox over a Dialect.
type DB struct {
	d  Dialect
	kr switchboard.Keyring
}

var (
	_ switchboard.Store  = (*DB)(nil)
	_ switchboard.Outbox = (*DB)(nil)
)

// New returns the store over d; kr seals the secrets written and opens
// them on read.
func New(d Dialect, kr switchboard.Keyring) *DB {
	return &DB{d: d, kr: kr}
}

// Update runs fn in a read-write transaction of the dialect.
func (db *DB) Update(ctx context.Context, fn func(switchboard.Tx) error) error {
	return db.d.Update(ctx, func(c Conn) error { return fn(db.tx(ctx, c)) })
}

// View runs fn in a read-only snapshot of the dialect.
func (db *DB) View(ctx context.Context, fn func(switchboard.Tx) error) error {
	return db.d.View(ctx, func(c Conn) error { return fn(db.tx(ctx, c)) })
}

// Close closes the dialect's connections.
func (db *DB) Close() error { return db.d.Close() }

func (db *DB) tx(ctx context.Context, c Conn) *tx { return &tx{ctx: ctx, c: c, db: db} }

// tx implements switchboard.Tx on one transaction of the dialect.
type tx struct {
	ctx context.Context
	c   Conn
	db  *DB
}

var _ switchboard.Tx = (*tx)(nil)

func (t *tx) exec(query string, args ...any) (int64, error) {
	return t.c.Exec(t.ctx, query, args...)
}

func (t *tx) query(query string, args ...any) (Rows, error) {
	return t.c.Query(t.ctx, query, args...)
}

func (t *tx) queryRow(query string, args ...any) Row {
	return t.c.QueryRow(t.ctx, query, args...)
}

// time encodes v for a time column of the dialect.
func (t *tx) time(v time.Time) any { return t.db.d.Time(v) }
