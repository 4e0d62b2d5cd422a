// Package postgres implements switchboard.Store on PostgreSQL through a
// pgx connection pool, for installations where several switchboard nodes
// share one database. Write transactions run SERIALIZABLE and are retried
// on a serialization failure, so read-modify-write use cases never lose an
// update; reads run in read-only REPEATABLE READ snapshots. The queries
// are sqlstore's; this package supplies the dialect.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// maxAttempts bounds how often Update runs fn when PostgreSQL keeps
// reporting serialization failures.
const maxAttempts = 12

// connectTimeout bounds a new connection to the database unless the URL
// sets connect_timeout.
const connectTimeout = 5 * time.Second

// DB is a switchboard.Store and switchboard.Outbox on a PostgreSQL
// database.
type DB struct {
	*sqlstore.DB
	pool *pgxpool.Pool
}

var (
	_ switchboard.Store  = (*DB)(nil)
	_ switchboard.Outbox = (*DB)(nil)
)

// Open connects to the database at url (postgres://user@host/db; pgxpool
// settings such as pool_max_conns may be added as parameters), applies
// the migrations it has not seen yet (one node at a time, under an
// advisory lock) and returns the store. kr seals the secrets written and
// opens them on read.
func Open(ctx context.Context, url string, kr switchboard.Keyring) (*DB, error) {
	if kr == nil {
		return nil, errors.New("open postgres: no keyring")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		// A database that does not answer at all (a dropped route, a
		// stopped machine) is reported after this, not after the
		// operating system gives up on the connection minutes later.
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{DB: sqlstore.New(dialect{pool}, kr), pool: pool}, nil
}

// Pool returns the connection pool, for LISTEN/NOTIFY between nodes.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// dialect implements sqlstore.Dialect on a pgx pool.
type dialect struct{ pool *pgxpool.Pool }

// Close closes the pool.
func (d dialect) Close() error {
	d.pool.Close()
	return nil
}

// Update runs fn in a SERIALIZABLE transaction and commits if fn returns
// nil. When PostgreSQL aborts the transaction because a concurrent one
// touched the same data, Update runs fn again from the start, so fn must
// not have effects outside the transaction.
func (d dialect) Update(ctx context.Context, fn func(sqlstore.Conn) error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = d.run(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}, fn)
		if !retryable(err) {
			return err
		}
		// Random, growing pauses spread out the retries of transactions
		// that collided, up to about a second in all.
		backoff := time.Duration(rand.IntN(min(1<<attempt, 128))+1) * time.Millisecond
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
	}
	return fmt.Errorf("gave up after %d serialization failures: %w", maxAttempts, err)
}

// View runs fn in a read-only snapshot.
func (d dialect) View(ctx context.Context, fn func(sqlstore.Conn) error) error {
	return d.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// Queue runs fn in a READ COMMITTED transaction: SKIP LOCKED queues work
// best without a serializable snapshot.
func (d dialect) Queue(ctx context.Context, fn func(sqlstore.Conn) error) error {
	return d.run(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, fn)
}

// Time stores times in TIMESTAMPTZ columns.
func (dialect) Time(t time.Time) any { return sqlstore.NativeTime(t) }

// SkipLocked locks the rows a claim takes and passes over those another
// node's claim holds.
func (dialect) SkipLocked() string { return " FOR UPDATE SKIP LOCKED" }

// run runs fn in one transaction; failures to reach the database are
// EUNAVAILABLE.
func (d dialect) run(ctx context.Context, opts pgx.TxOptions, fn func(sqlstore.Conn) error) error {
	return unavailable(d.tx(ctx, opts, fn))
}

func (d dialect) tx(ctx context.Context, opts pgx.TxOptions, fn func(sqlstore.Conn) error) error {
	pgTx, err := d.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer pgTx.Rollback(context.WithoutCancel(ctx))
	if err := fn(&conn{tx: pgTx}); err != nil {
		return err
	}
	if err := pgTx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
