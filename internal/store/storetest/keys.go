package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// KeyStore is a store with the key checks and resealing of sqlstore.DB.
type KeyStore interface {
	switchboard.Store
	CheckKey(ctx context.Context, verify func(recorded []switchboard.KeyCheck, sample []byte) ([]switchboard.KeyCheck, error)) error
	KeyChecks(ctx context.Context) ([]switchboard.KeyCheck, error)
	RetireKeys(ctx context.Context, keep string) error
	Reseal(ctx context.Context, r sqlstore.Resealer, batch int) (int, error)
}

// verify checks kr against what s records, as a starting node does.
func verify(s KeyStore, kr *keyring.Keyring) error {
	return s.CheckKey(context.Background(), kr.Verify)
}

// KeyCheck opens one database with a key, then with others: the first
// records its check, the others are refused and record nothing. Before
// the first check, the database already holds secrets (as one older than
// key checks does): a foreign key is refused on them. open opens the same
// database with kr on every call.
func KeyCheck(t *testing.T, open func(t *testing.T, kr *keyring.Keyring) KeyStore) {
	a := keyring.Random()
	s := open(t, a)
	secrets{}.write(t, s, 0)
	if err := verify(open(t, keyring.Random()), keyring.Random()); !errors.Is(err, keyring.ErrForeignKey) {
		t.Fatalf("first check with a key that opens none of the secrets: %v, want ErrForeignKey", err)
	}
	if rec, err := s.KeyChecks(context.Background()); err != nil || len(rec) != 0 {
		t.Fatalf("key checks after a refused first start: %v %v, want none", rec, err)
	}
	if err := verify(s, a); err != nil {
		t.Fatalf("first start: %v", err)
	}
	if err := verify(open(t, a), a); err != nil {
		t.Fatalf("second start with the same key: %v", err)
	}
	if err := verify(open(t, keyring.Random()), keyring.Random()); !errors.Is(err, keyring.ErrForeignKey) {
		t.Fatalf("start with another key: %v, want ErrForeignKey", err)
	}
	rec, err := s.KeyChecks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec) != 1 || rec[0].ID != a.ID() {
		t.Fatalf("key checks after a refused start: %v, want only %s", rec, a.ID())
	}
}

// secrets is one workplace, device, token, trunk and message with distinctive
// secrets, and how to read them back.
type secrets struct{}

func (sc secrets) write(t *testing.T, s switchboard.Store, i int) {
	t.Helper()
	now := time.Now().UTC()
	update(t, s, func(tx switchboard.Tx) error {
		if i == 0 {
			if err := tx.CreateCustomer(&switchboard.Customer{ID: "cus_k", Name: "Acme", SIPDomain: "acme.example", CreatedAt: now}); err != nil {
				return err
			}
		}
		w := &switchboard.Workplace{ID: fmt.Sprintf("wp_%03d", i), CustomerID: "cus_k", Username: fmt.Sprintf("user%d", i),
			Extension: fmt.Sprint(200 + i), Package: switchboard.PackageNone, State: switchboard.WorkplaceActive,
			HotDeskPIN: fmt.Sprintf("pin%d", i), DeviceAdminPassword: fmt.Sprintf("dap%d", i), CreatedAt: now}
		if err := tx.CreateWorkplace(w); err != nil {
			return err
		}
		d := &switchboard.Device{ID: fmt.Sprintf("dev_%03d", i), CustomerID: "cus_k", WorkplaceID: w.ID,
			AccessKey: fmt.Sprintf("access%d", i), AdminPassword: fmt.Sprintf("admin%d", i), WebPassword: fmt.Sprintf("web%d", i),
			SIP:          switchboard.SIPAccount{Username: fmt.Sprintf("u%d", i), Password: fmt.Sprintf("sip%d", i)},
			InitialLogin: switchboard.InitialLogin{Username: fmt.Sprintf("il%d", i), Password: fmt.Sprintf("login%d", i)}, CreatedAt: now}
		if err := tx.CreateDevice(d); err != nil {
			return err
		}
		if err := tx.CreateToken(&switchboard.Token{ID: fmt.Sprintf("tok_%03d", i), Role: switchboard.RoleOperator, CreatedAt: now}, fmt.Sprintf("token%d", i)); err != nil {
			return err
		}
		if err := tx.CreateTrunk(&switchboard.Trunk{ID: fmt.Sprintf("trk_%03d", i), CustomerID: "cus_k", Name: fmt.Sprint("trunk", i),
			Proxy: "sip.example", Transport: "udp", Password: fmt.Sprintf("trunk%d", i), CreatedAt: now}); err != nil {
			return err
		}
		m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "a@example.com", "de", now)
		m.CustomerID, m.Key = "cus_k", fmt.Sprintf("key%d", i)
		m.Text, m.HTML = fmt.Sprintf("text%d", i), fmt.Sprintf("html%d", i)
		return tx.CreateMessage(m)
	})
}

// read reads back every secret written so far through s.
func (sc secrets) read(s switchboard.Store, n int) error {
	return s.View(context.Background(), func(tx switchboard.Tx) error {
		for i := range n {
			w, err := tx.Workplace(fmt.Sprintf("wp_%03d", i))
			if err != nil {
				return err
			}
			if w.HotDeskPIN != fmt.Sprintf("pin%d", i) || w.DeviceAdminPassword != fmt.Sprintf("dap%d", i) {
				return fmt.Errorf("workplace %d reads %q %q", i, w.HotDeskPIN, w.DeviceAdminPassword)
			}
			d, err := tx.DeviceByAccessKey(fmt.Sprintf("access%d", i))
			if err != nil {
				return fmt.Errorf("device %d by its access key: %w", i, err)
			}
			if d.SIP.Password != fmt.Sprintf("sip%d", i) || d.InitialLogin.Password != fmt.Sprintf("login%d", i) || d.WebPassword != fmt.Sprintf("web%d", i) {
				return fmt.Errorf("device %d reads other secrets", i)
			}
			if _, err := tx.TokenBySecret(fmt.Sprintf("token%d", i)); err != nil {
				return fmt.Errorf("token %d: %w", i, err)
			}
			if tr, err := tx.Trunk(fmt.Sprintf("trk_%03d", i)); err != nil || tr.Password != fmt.Sprintf("trunk%d", i) {
				return fmt.Errorf("trunk %d: %v", i, err)
			}
		}
		ms, _, err := tx.Messages(switchboard.MessageFilter{CustomerID: "cus_k"}, switchboard.Page{Limit: 1000})
		if err != nil {
			return err
		}
		if len(ms) != n {
			return fmt.Errorf("%d messages, want %d", len(ms), n)
		}
		return nil
	})
}

// Rotation rotates the master key of a database while two nodes serve
// it: one still sealing with the old key (and holding the new one), one
// sealing with the new key. Every secret stays readable through both
// before, during and after resealing, and afterwards through a node that
// holds the new key alone; a node with the old key alone is refused.
func Rotation(t *testing.T, open func(t *testing.T, kr *keyring.Keyring) KeyStore) {
	ctx := context.Background()
	oldKey := keyring.Random()
	s := open(t, oldKey)
	if err := verify(s, oldKey); err != nil {
		t.Fatal(err)
	}
	var sc secrets
	const before = 20
	for i := range before {
		sc.write(t, s, i)
	}

	newFirst, err := oldKey.WithKey(true)
	if err != nil {
		t.Fatal(err)
	}
	ids := newFirst.IDs()
	oldFirst := reorder(t, newFirst, ids[1], ids[0])
	nodeOld, nodeNew := open(t, oldFirst), open(t, newFirst)
	for _, c := range []struct {
		s  KeyStore
		kr *keyring.Keyring
	}{{nodeOld, oldFirst}, {nodeNew, newFirst}} {
		if err := verify(c.s, c.kr); err != nil {
			t.Fatalf("node with keys %v: %v", c.kr.IDs(), err)
		}
	}
	// Mixed: secrets sealed under both keys.
	sc.write(t, nodeNew, before)
	sc.write(t, nodeOld, before+1)
	n := before + 2
	for name, node := range map[string]KeyStore{"old": nodeOld, "new": nodeNew} {
		if err := sc.read(node, n); err != nil {
			t.Fatalf("before resealing, the %s node: %v", name, err)
		}
	}

	var stop atomic.Bool
	var reads, failures atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for _, node := range []KeyStore{nodeOld, nodeNew} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for deadline := time.Now().Add(30 * time.Second); !stop.Load() && time.Now().Before(deadline); {
				reads.Add(1)
				if err := sc.read(node, n); err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
			}
		}()
	}
	resealed, err := nodeNew.Reseal(ctx, newFirst, 3)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("reseal: %v", err)
	}
	if failures.Load() > 0 {
		t.Fatalf("%d of %d reads failed during resealing; first: %v", failures.Load(), reads.Load(), firstErr.Load())
	}
	// before+1 rows were sealed under the old key, each with 10 secrets.
	if want := (before + 1) * 10; resealed != want {
		t.Errorf("resealed %d secrets, want %d", resealed, want)
	}
	if again, err := nodeNew.Reseal(ctx, newFirst, 3); err != nil || again != 0 {
		t.Errorf("second pass resealed %d (%v), want 0", again, err)
	}
	if err := nodeNew.RetireKeys(ctx, newFirst.ID()); err != nil {
		t.Fatal(err)
	}

	// The new key alone, read from a key file: its lookup key is the
	// database's, not one derived from the new key.
	t.Setenv(keyring.EnvVar, "")
	dir := t.TempDir()
	if err := reorder(t, newFirst, ids[0]).Save(dir, false); err != nil {
		t.Fatal(err)
	}
	alone, err := keyring.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	nodeAlone := open(t, alone)
	if err := verify(nodeAlone, alone); err != nil {
		t.Fatalf("node with the new key alone: %v", err)
	}
	if err := sc.read(nodeAlone, n); err != nil {
		t.Fatalf("after rotation, the new key alone: %v", err)
	}
	if err := verify(open(t, oldKey), oldKey); !errors.Is(err, keyring.ErrForeignKey) {
		t.Fatalf("node with the retired key after rotation: %v, want ErrForeignKey", err)
	}
}

// reorder returns a keyring of kr's keys with the given ids, in that
// order.
func reorder(t *testing.T, kr *keyring.Keyring, ids ...string) *keyring.Keyring {
	t.Helper()
	out, err := kr.Only(ids...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
