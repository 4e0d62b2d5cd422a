// Package postgres implements switchboard.Store on PostgreSQL through a
// pgx connection pool, for installations where several switchboard nodes
// share one database. Write transactions run SERIALIZABLE and are retried
// on a serialization failure, so read-modify-write use cases never lose an
// update; reads run in read-only REPEATABLE READ snapshots.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/switchboard-pbx/switchboard"
)

// maxAttempts bounds how often Update runs fn when PostgreSQL keeps
// reporting serialization failures.
const maxAttempts = 12

// DB is a switchboard.Store on a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	kr   switchboard.Keyring
}

var _ switchboard.Store = (*DB)(nil)

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
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{pool: pool, kr: kr}, nil
}

// Pool returns the connection pool, for LISTEN/NOTIFY between nodes.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Update runs fn in a SERIALIZABLE transaction and commits if fn returns
// nil. When PostgreSQL aborts the transaction because a concurrent one
// touched the same data, Update runs fn again from the start, so fn must
// not have effects outside the transaction.
func (db *DB) Update(ctx context.Context, fn func(switchboard.Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = db.run(ctx, pgx.TxOptions{IsoLevel: pgx.Serializable}, fn)
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
func (db *DB) View(ctx context.Context, fn func(switchboard.Tx) error) error {
	return db.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (db *DB) run(ctx context.Context, opts pgx.TxOptions, fn func(switchboard.Tx) error) error {
	pgTx, err := db.pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer pgTx.Rollback(context.WithoutCancel(ctx))
	if err := fn(&tx{ctx: ctx, tx: pgTx, kr: db.kr}); err != nil {
		return err
	}
	if err := pgTx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// retryable reports whether err is a serialization failure or deadlock,
// after which the whole transaction may simply be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// tx implements switchboard.Tx on one pgx transaction.
type tx struct {
	ctx context.Context
	tx  pgx.Tx
	kr  switchboard.Keyring
}

var _ switchboard.Tx = (*tx)(nil)

// exec runs a write inside a savepoint, sent with it in one round trip, so
// that a write refused by a constraint leaves the transaction usable, as in
// SQLite: fn may look up what is missing or try something else.
func (t *tx) exec(query string, args ...any) (pgconn.CommandTag, error) {
	b := &pgx.Batch{}
	b.Queue("SAVEPOINT write")
	b.Queue(rebind(query), args...)
	b.Queue("RELEASE SAVEPOINT write")
	br := t.tx.SendBatch(t.ctx, b)
	var tag pgconn.CommandTag
	_, err := br.Exec()
	if err == nil {
		tag, err = br.Exec()
	}
	if err == nil {
		_, err = br.Exec()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if _, rerr := t.tx.Exec(t.ctx, "ROLLBACK TO SAVEPOINT write"); rerr != nil {
			return tag, errors.Join(err, rerr)
		}
		return tag, err
	}
	return tag, nil
}

func (t *tx) query(query string, args ...any) (pgx.Rows, error) {
	return t.tx.Query(t.ctx, rebind(query), args...)
}

func (t *tx) queryRow(query string, args ...any) pgx.Row {
	return t.tx.QueryRow(t.ctx, rebind(query), args...)
}

// exists reports whether query (a SELECT of one row) finds anything.
func (t *tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(query, args...).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
