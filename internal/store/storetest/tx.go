package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

func testAllOrNothing(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	boom := errors.New("boom")
	err := s.Update(context.Background(), func(tx switchboard.Tx) error {
		if err := tx.CreateCustomer(newCustomer(3)); err != nil {
			return err
		}
		w.c1.Name = "Changed"
		if err := tx.UpdateCustomer(w.c1); err != nil {
			return err
		}
		if err := tx.AddEvent(&switchboard.Event{ID: "evt_1", Kind: switchboard.EventAudit, At: utc(at)}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want the error of fn", err)
	}
	// A conflict in the middle of fn, returned by fn, also undoes its earlier writes.
	err = s.Update(context.Background(), func(tx switchboard.Tx) error {
		if err := tx.CreateCustomer(newCustomer(4)); err != nil {
			return err
		}
		return tx.CreateWorkplace(newWorkplace("wp_2", w.s1, w.w1.Username, "299"))
	})
	wantError(t, err, switchboard.ECONFLICT, w.w1.Username)
	view(t, s, func(tx switchboard.Tx) error {
		for _, id := range []string{"cus_003", "cus_004"} {
			if _, err := tx.Customer(id); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				t.Errorf("customer %s created by a failed Update: %v", id, err)
			}
		}
		c, err := tx.Customer(w.c1.ID)
		if err == nil && c.Name != "Customer 1" {
			t.Errorf("customer name = %q after a failed Update, want it unchanged", c.Name)
		}
		es, _, err := tx.Events(switchboard.EventFilter{}, switchboard.Page{})
		if err == nil && len(es) != 0 {
			t.Errorf("%d events written by a failed Update", len(es))
		}
		return err
	})
}

// testViewIsReadOnly checks that a write inside View fails and leaves
// nothing behind.
func testViewIsReadOnly(t *testing.T, s switchboard.Store) {
	err := s.View(context.Background(), func(tx switchboard.Tx) error { return tx.CreateCustomer(newCustomer(1)) })
	if err == nil {
		t.Fatal("a write inside View succeeded")
	}
	view(t, s, func(tx switchboard.Tx) error {
		if _, err := tx.Customer("cus_001"); switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("customer written inside View: %v", err)
		}
		return nil
	})
}

// testConcurrentUpdates runs read-modify-write Updates on one record from
// many goroutines; every write must survive.
func testConcurrentUpdates(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	w.c1.AllowList.CIDRs = []string{}
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateCustomer(w.c1) })
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, n)
	want := []string{}
	for i := 0; i < n; i++ {
		cidr := fmt.Sprintf("10.0.%d.0/24", i)
		want = append(want, cidr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Update(context.Background(), func(tx switchboard.Tx) error {
				c, err := tx.Customer(w.c1.ID)
				if err != nil {
					return err
				}
				c.AllowList.CIDRs = append(c.AllowList.CIDRs, cidr)
				if err := tx.UpdateCustomer(c); err != nil {
					return err
				}
				return tx.AddEvent(&switchboard.Event{ID: "evt_" + cidr, CustomerID: c.ID, Kind: switchboard.EventAudit, At: utc(at)})
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent update: %v", err)
		}
	}
	view(t, s, func(tx switchboard.Tx) error {
		c, err := tx.Customer(w.c1.ID)
		if err != nil {
			return err
		}
		got := slices.Clone(c.AllowList.CIDRs)
		slices.Sort(got)
		slices.Sort(want)
		same(t, "CIDRs after concurrent updates", got, want)
		es, _, err := tx.Events(switchboard.EventFilter{}, switchboard.Page{})
		if err == nil && len(es) != n {
			t.Errorf("%d events after %d concurrent updates", len(es), n)
		}
		return err
	})
}

// testConcurrentAssignment lets several workplaces race for one number:
// exactly one gets it, the others see ECONFLICT.
func testConcurrentAssignment(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	const n = 6
	var ws []*switchboard.Workplace
	update(t, s, func(tx switchboard.Tx) error {
		for i := 0; i < n; i++ {
			wp := newWorkplace(fmt.Sprintf("wp_r%d", i), w.s1, fmt.Sprintf("racer.%d", i), fmt.Sprintf("40%d", i))
			if err := tx.CreateWorkplace(wp); err != nil {
				return err
			}
			ws = append(ws, wp)
		}
		return tx.CreateNumber(&switchboard.Number{E164: "+49301111111", CustomerID: w.c1.ID, CreatedAt: utc(at)})
	})
	var wg sync.WaitGroup
	codes := make(chan string, n)
	for _, wp := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- switchboard.ErrorCode(s.Update(context.Background(), func(tx switchboard.Tx) error {
				return tx.AssignNumber(w.c1.ID, "+49301111111", wp.ID)
			}))
		}()
	}
	wg.Wait()
	close(codes)
	won := 0
	for c := range codes {
		switch c {
		case "":
			won++
		case switchboard.ECONFLICT:
		default:
			t.Errorf("assignment failed with %q, want success or conflict", c)
		}
	}
	if won != 1 {
		t.Errorf("%d workplaces got the number, want exactly 1", won)
	}
}
