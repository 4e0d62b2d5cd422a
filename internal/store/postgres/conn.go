package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// conn implements sqlstore.Conn on one pgx transaction.
type conn struct{ tx pgx.Tx }

// Exec runs a write inside a savepoint, sent with it in one round trip, so
// that a write refused by a constraint leaves the transaction usable, as in
// SQLite: the caller may look up what is missing or try something else.
func (c *conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	b := &pgx.Batch{}
	b.Queue("SAVEPOINT write")
	b.Queue(rebind(query), args...)
	b.Queue("RELEASE SAVEPOINT write")
	br := c.tx.SendBatch(ctx, b)
	var n int64
	_, err := br.Exec()
	if err == nil {
		var tag pgconn.CommandTag
		tag, err = br.Exec()
		n = tag.RowsAffected()
	}
	if err == nil {
		_, err = br.Exec()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if _, rerr := c.tx.Exec(ctx, "ROLLBACK TO SAVEPOINT write"); rerr != nil {
			return n, errors.Join(err, rerr)
		}
		return n, err
	}
	return n, nil
}

// Query runs a query of many rows.
func (c *conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return c.tx.Query(ctx, rebind(query), args...)
}

// QueryRow runs a query of one row; pgx.ErrNoRows matches sql.ErrNoRows.
func (c *conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return c.tx.QueryRow(ctx, rebind(query), args...)
}
