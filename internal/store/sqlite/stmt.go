package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxPrepared bounds the statements a pool keeps prepared. The store's
// queries are a fixed set of texts; a list filtered in many ways makes a
// few more, and anything beyond the bound runs unprepared.
const maxPrepared = 512

// pool is a database/sql pool that keeps its queries prepared. SQLite
// parses and plans a statement each time it is prepared, which cost more
// than the lookup itself on the hot paths (a phone's key, a SIP account):
// a prepared statement is parsed once per connection and reused.
type pool struct {
	db     *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt // nil value: being prepared
	closed bool
	wg     sync.WaitGroup
}

func newPool(db *sql.DB) *pool { return &pool{db: db, stmts: make(map[string]*sql.Stmt)} }

// prepared returns query prepared on the pool, or nil the first time: the
// caller holds one of the pool's connections in a transaction (the writer
// pool has only that one), so the query is prepared in the background once
// a connection is free, and runs unprepared meanwhile. A query that does
// not prepare, or one past maxPrepared, always runs unprepared.
func (p *pool) prepared(query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, seen := p.stmts[query]
	if seen || p.closed || len(p.stmts) >= maxPrepared {
		return s
	}
	p.stmts[query] = nil
	p.wg.Go(func() {
		s, err := p.db.Prepare(query)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err == nil && p.closed {
			s.Close()
		} else if err == nil {
			p.stmts[query] = s
		}
	})
	return nil
}

func (p *pool) close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.wg.Wait()
	var errs []error
	for _, s := range p.stmts {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(append(errs, p.db.Close())...)
}

// txStmt is what a transaction runs a statement with: a prepared
// statement bound to it, or the query text.
type txStmt interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}

// plainStmt runs a query unprepared in a transaction.
type plainStmt struct {
	tx    *sql.Tx
	query string
}

func (s plainStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return s.tx.ExecContext(ctx, s.query, args...)
}

func (s plainStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return s.tx.QueryContext(ctx, s.query, args...)
}

func (s plainStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return s.tx.QueryRowContext(ctx, s.query, args...)
}
