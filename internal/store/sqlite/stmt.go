package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxStatements bounds a pool's prepared statements; the store's queries
// are a few hundred, but a query built for a varying number of values
// would otherwise add one each time.
const maxStatements = 1000

// statements prepares each query of a pool once. Without it SQLite parses
// every statement anew on every call: a quarter of the CPU time of a device
// import went to the parser. A query is prepared on the pool after the
// first transaction that ran it ends, since the writer pool's only
// connection is busy during it; database/sql then prepares it again on
// each connection that runs it, once.
type statements struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

func newStatements(pool *sql.DB) *statements {
	return &statements{pool: pool, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement of query, nil while it has none.
func (s *statements) get(query string) *sql.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[query]
}

// prepare prepares the queries that have no statement yet. A query that
// fails to prepare keeps running unprepared, and its error shows there.
func (s *statements) prepare(ctx context.Context, queries map[string]bool) {
	for q := range queries {
		s.mu.Lock()
		_, done := s.m[q]
		full := len(s.m) >= maxStatements
		s.mu.Unlock()
		if done || full {
			continue
		}
		st, err := s.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		s.mu.Lock()
		if _, done := s.m[q]; done {
			st.Close()
		} else {
			s.m[q] = st
		}
		s.mu.Unlock()
	}
}

// close closes every prepared statement.
func (s *statements) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for q, st := range s.m {
		st.Close()
		delete(s.m, q)
	}
}

// txStatements are a transaction's statements: the pool's, bound to the
// transaction once each, and the queries it ran that have none yet.
type txStatements struct {
	tx     *sql.Tx
	pool   *statements
	bound  map[string]*sql.Stmt
	missed map[string]bool
}

// newConn is a connection running tx, with pool's statements; a nil pool
// (the migrations, scripts run once) prepares nothing.
func newConn(tx *sql.Tx, pool *statements) conn {
	return conn{&txStatements{tx: tx, pool: pool, bound: map[string]*sql.Stmt{}, missed: map[string]bool{}}}
}

// stmt returns query's statement bound to the transaction. A query the
// pool has no statement for is prepared in the transaction, for its later
// calls, and on the pool after it; nil when that fails, for the query to
// run unprepared and show its error.
func (t *txStatements) stmt(ctx context.Context, query string) *sql.Stmt {
	if t.pool == nil {
		return nil
	}
	if st, ok := t.bound[query]; ok {
		return st
	}
	st := t.pool.get(query)
	if st != nil {
		st = t.tx.StmtContext(ctx, st)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, query); err != nil {
			return nil
		}
		t.missed[query] = true
	}
	t.bound[query] = st
	return st
}
