package portal_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bus/pgbus"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/pgtest"
	"github.com/switchboard-pbx/switchboard/internal/portal"
	"github.com/switchboard-pbx/switchboard/internal/sbtest"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// pgNode opens the database at url and its change bus, as one serve node
// does.
func pgNode(t *testing.T, url string, kr *keyring.Keyring) (*postgres.DB, *pgbus.Bus) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url, kr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b, err := pgbus.New(ctx, db.Pool(), pgbus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return db, b
}

// published records when the topic's notices were published on a bus; a
// notice not recorded yet has the zero time.
func published(t *testing.T, b switchboard.Bus, topic string) func(id string) time.Time {
	ch, stop := b.Subscribe(topic)
	t.Cleanup(stop)
	var mu sync.Mutex
	at := map[string]time.Time{}
	go func() {
		for id := range ch {
			mu.Lock()
			at[id] = time.Now()
			mu.Unlock()
		}
	}()
	return func(id string) time.Time {
		mu.Lock()
		defer mu.Unlock()
		return at[id]
	}
}

// TestLiveAcrossNodes: two nodes share one PostgreSQL database. The
// administrator's portal stream on node A tells of the customer's orders
// that node B's worker carries out and of a mail that fails for good on
// node B's dispatcher, each within a second of node B's notice, and of
// nothing of another customer's.
func TestLiveAcrossNodes(t *testing.T) {
	url, kr := pgtest.URL(t), keyring.Random()
	dbA, busA := pgNode(t, url, kr)
	dbB, busB := pgNode(t, url, kr)
	e := newEnvOn(t, portal.Options{}, dbA, busA)
	b := node(t, dbB, busB, &sbtest.Registrar{})
	events := e.loggedIn(e.acme.admin).events()
	orders, _, err := e.svc.Orders(e.ctx, switchboard.System, e.acme.cust.ID, switchboard.Page{})
	e.must(err)
	finished := published(t, busB, switchboard.TopicOrderFinished)
	processed := make(chan error, 1)
	go func() {
		_, err := b.ProcessOrders(e.ctx)
		processed <- err
	}()
	for range orders {
		ev := next(t, events)
		id := ev[strings.Index(ev, `"id":"`)+6:]
		id = id[:strings.IndexByte(id, '"')]
		if !strings.HasPrefix(ev, "order ") || !strings.Contains(ev, `"customer":"`+e.acme.cust.ID+`"`) {
			t.Errorf("event %q, want an order of %s", ev, e.acme.cust.ID)
		}
		if at := finished(id); !at.IsZero() && time.Since(at) > time.Second {
			t.Errorf("order %s reached node A %v after node B's notice", id, time.Since(at))
		}
	}

	e.must(<-processed)

	m := sbtest.FailedMessage(t, dbA, e.acme.cust.ID, "marked failed here, then pending again")
	e.must(dbA.Update(e.ctx, func(tx switchboard.Tx) error { return tx.ResendMessage(m.ID, time.Now()) }))
	failed := published(t, busB, switchboard.TopicMessageFailed)
	d := e.failingMail(dbB, busB)
	go func() {
		_, err := d.RunOnce(e.ctx)
		processed <- err
	}()
	for {
		ev := next(t, events)
		if !strings.HasPrefix(ev, "message ") {
			t.Fatalf("event %q, want the failed messages", ev)
		}
		if strings.Contains(ev, `"id":"`+m.ID+`"`) {
			if at := failed(m.ID); !at.IsZero() && time.Since(at) > time.Second {
				t.Errorf("the failed message reached node A %v after node B's notice", time.Since(at))
			}
			break
		}
	}
	e.must(<-processed)
}
