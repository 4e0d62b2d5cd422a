package pgbus

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// node opens a pool of its own on url, as a second switchboard node would,
// and a Postgres bus on it.
func node(t *testing.T, url string) *Bus {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(ctx, pool, Options{MaxBackoff: 200 * time.Millisecond})
	if err != nil {
		pool.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = b.Close()
		pool.Close()
	})
	return b
}

// next waits for the next id on ch.
func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	id, ok := receivedWithin(ch, 5*time.Second)
	if !ok {
		t.Fatal("no notice within 5s")
	}
	return id
}

// none checks that nothing arrives on ch for a moment.
func none(t *testing.T, ch <-chan string) {
	t.Helper()
	if id, ok := receivedWithin(ch, 100*time.Millisecond); ok {
		t.Fatalf("unexpected notice %q", id)
	}
}

func receivedWithin(ch <-chan string, d time.Duration) (string, bool) {
	select {
	case id := <-ch:
		return id, true
	case <-time.After(d):
		return "", false
	}
}

func TestPostgresCarriesNoticesBetweenNodes(t *testing.T) {
	url := pgtest.URL(t)
	a, b := node(t, url), node(t, url)
	aDev, cancel := a.Subscribe(switchboard.TopicDevice)
	defer cancel()
	bDev, cancel := b.Subscribe(switchboard.TopicDevice)
	defer cancel()
	bSite, cancel := b.Subscribe(switchboard.TopicSite)
	defer cancel()

	ctx := context.Background()
	if err := a.Publish(ctx, switchboard.TopicDevice, "dev_1"); err != nil {
		t.Fatal(err)
	}
	if got := next(t, bDev); got != "dev_1" {
		t.Errorf("node b got %q, want dev_1", got)
	}
	// Node a was told by Publish itself, once: its echo is skipped.
	if got := next(t, aDev); got != "dev_1" {
		t.Errorf("node a got %q, want dev_1", got)
	}
	none(t, aDev)
	none(t, bSite)

	// An id with the separator in it arrives whole.
	if err := b.Publish(ctx, switchboard.TopicSite, "odd|id"); err != nil {
		t.Fatal(err)
	}
	if got := next(t, bSite); got != "odd|id" {
		t.Errorf("got %q", got)
	}
}

func TestPostgresReconnectsAndReportsAll(t *testing.T) {
	url := pgtest.URL(t)
	a, b := node(t, url), node(t, url)
	bDev, cancel := b.Subscribe(switchboard.TopicDevice)
	defer cancel()

	// Kill b's listening backend as a failover or network cut would.
	b.mu.Lock()
	pid := b.conn.PgConn().PID()
	b.mu.Unlock()
	if _, err := a.pool.Exec(context.Background(), "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	// Lost connection: All. Back again: All once more.
	if got := next(t, bDev); got != switchboard.All {
		t.Fatalf("after the connection was killed got %q, want %q", got, switchboard.All)
	}
	if got := next(t, bDev); got != switchboard.All {
		t.Fatalf("after reconnecting got %q, want %q", got, switchboard.All)
	}
	if err := a.Publish(context.Background(), switchboard.TopicDevice, "dev_9"); err != nil {
		t.Fatal(err)
	}
	if got := next(t, bDev); got != "dev_9" {
		t.Errorf("after reconnecting node b got %q, want dev_9", got)
	}
}
