package postgres

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// migrations holds the schema changes, applied in file-name order. A file
// once released is never edited; changes come as a new file.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrateLock is the advisory lock key that keeps nodes starting at the
// same time from migrating side by side.
const migrateLock = 0x5357_4244_4d49_4752 // "SWBDMIGR"

// migrate applies the migrations not yet recorded in schema_migrations in
// one transaction holding migrateLock; a second node waits for the lock
// and then finds them applied.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
		return fmt.Errorf("migrate: take lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	if err := sqlstore.Migrate(ctx, migrationConn{&conn{tx: tx}}, migrations, sqlstore.NativeTime(time.Now())); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// migrationConn runs each statement as it is, without conn's savepoint: a
// migration holds several statements, which a batch cannot carry, and a
// failing one fails the whole migration anyway.
type migrationConn struct{ *conn }

// Exec runs the statements of query. Only a query with arguments has its
// placeholders rewritten: a migration's text (a comment, an operator) may
// hold a ? of its own.
func (c migrationConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if len(args) > 0 {
		query = rebind(query)
	}
	tag, err := c.tx.Exec(ctx, query, args...)
	return tag.RowsAffected(), err
}
