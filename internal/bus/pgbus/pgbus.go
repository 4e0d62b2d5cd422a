// Package pgbus is the switchboard.Bus across the nodes sharing one
// PostgreSQL database, over LISTEN/NOTIFY. It is the only user of the bus
// that links the PostgreSQL driver; a single node uses package bus alone.
package pgbus

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bus"
)

// Channel is the PostgreSQL notification channel every node listens on.
// One channel for all topics: the payload carries node, topic and id.
const Channel = "switchboard_changes"

// maxPayload is below PostgreSQL's 8000-byte limit on a NOTIFY payload.
const maxPayload = 7900

// Bus is a switchboard.Bus across the nodes sharing one PostgreSQL database, over
// LISTEN/NOTIFY. Each node holds one dedicated connection (taken out of the
// pool) that LISTENs; Publish sends pg_notify through the pool. Notices
// from other nodes arrive in the order PostgreSQL delivers them; a node's
// own notices are handed to its subscribers directly by Publish and skipped
// when PostgreSQL echoes them.
//
// When the listening connection breaks, the node delivers All on every
// topic (it may miss notices from now on), reconnects with growing pauses
// (up to MaxBackoff) and delivers All again once it listens again.
type Bus struct {
	pool   *pgxpool.Pool
	local  *bus.Local
	node   string
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	conn *pgx.Conn // the listening connection, nil while reconnecting
}

// Options tune a Bus; the zero value is fine.
type Options struct {
	// Logger receives connection losses and reconnects; nil discards.
	Logger *slog.Logger
	// MaxBackoff caps the pause between reconnection attempts; 0 means
	// ten seconds.
	MaxBackoff time.Duration
}

// New starts listening on a dedicated connection of pool and
// returns once the node listens, so a notice published by another node
// after New returns is not missed. Close stops it.
func New(ctx context.Context, pool *pgxpool.Pool, o Options) (*Bus, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 10 * time.Second
	}
	node := make([]byte, 8)
	_, _ = rand.Read(node)
	b := &Bus{pool: pool, local: bus.NewLocal(), node: hex.EncodeToString(node), log: o.Logger, done: make(chan struct{})}
	conn, err := b.listen(ctx)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.run(runCtx, conn, o.MaxBackoff)
	return b, nil
}

// listen takes a connection out of the pool and LISTENs on it.
func (b *Bus) listen(ctx context.Context) (*pgx.Conn, error) {
	pc, err := b.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("pgbus: connect for LISTEN: %w", err)
	}
	conn := pc.Hijack()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{Channel}.Sanitize()); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("pgbus: LISTEN: %w", err)
	}
	b.mu.Lock()
	b.conn = conn
	b.mu.Unlock()
	return conn, nil
}

// run receives notifications until ctx ends, reconnecting after failures.
func (b *Bus) run(ctx context.Context, conn *pgx.Conn, maxBackoff time.Duration) {
	defer close(b.done)
	for {
		err := b.receive(ctx, conn)
		b.mu.Lock()
		b.conn = nil
		b.mu.Unlock()
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return
		}
		b.log.Warn("change bus: lost the LISTEN connection; caches are dropped until it is back", "err", err)
		b.local.Missed()
		backoff := 100 * time.Millisecond
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			attemptCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			conn, err = b.listen(attemptCtx)
			cancel()
			if err == nil {
				break
			}
			b.log.Warn("change bus: reconnect failed", "err", err)
			backoff = min(2*backoff, maxBackoff)
		}
		b.log.Info("change bus: listening again")
		b.local.Missed()
	}
}

// receive hands every notification from conn to the subscribers until the
// connection fails or ctx ends.
func (b *Bus) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		node, rest, ok := strings.Cut(n.Payload, "|")
		if !ok || node == b.node {
			continue
		}
		topic, id, ok := strings.Cut(rest, "|")
		if !ok {
			continue
		}
		_ = b.local.Publish(ctx, topic, id)
	}
}

// Publish hands the notice to this node's subscribers, then to the other
// nodes through pg_notify. A topic may not contain '|'.
func (b *Bus) Publish(ctx context.Context, topic, id string) error {
	if strings.Contains(topic, "|") {
		return fmt.Errorf("pgbus: topic %q contains '|'", topic)
	}
	_ = b.local.Publish(ctx, topic, id)
	payload := b.node + "|" + topic + "|" + id
	if len(payload) > maxPayload {
		payload = b.node + "|" + topic + "|" + switchboard.All
	}
	if _, err := b.pool.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
		return fmt.Errorf("pgbus: notify other nodes: %w", err)
	}
	return nil
}

// Subscribe implements switchboard.Bus.
func (b *Bus) Subscribe(topic string) (<-chan string, func()) { return b.local.Subscribe(topic) }

// Close stops listening and closes the dedicated connection.
func (b *Bus) Close() error {
	if b.cancel == nil {
		return errors.New("pgbus: not started")
	}
	b.cancel()
	<-b.done
	return nil
}
