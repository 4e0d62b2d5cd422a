package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testCallSettings checks that call settings round-trip and are replaced
// by a second write, and that a workplace without settings is ENOTFOUND.
func testCallSettings(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	wantError(t, try(s, func(tx switchboard.Tx) error { _, err := tx.CallSettings(w.w1.ID); return err }), switchboard.ENOTFOUND, w.w1.ID)
	cs := &switchboard.CallSettings{WorkplaceID: w.w1.ID, CustomerID: w.c1.ID, ForwardAlways: true,
		ParallelRinging: true, ParallelRingingNumbers: []string{"+4915112345678"}, Voicemail: true,
		NoAnswerSeconds: 20, UpdatedAt: utc(at), UpdatedBy: switchboard.SettingsByAPI}
	for _, change := range []func(){func() {}, func() { cs.ForwardAlways, cs.DoNotDisturb, cs.UpdatedAt = false, true, utc(later) }} {
		change()
		update(t, s, func(tx switchboard.Tx) error { return tx.PutCallSettings(cs) })
		view(t, s, func(tx switchboard.Tx) error {
			got, err := tx.CallSettings(w.w1.ID)
			if err != nil {
				t.Fatalf("CallSettings: %v", err)
			}
			same(t, "call settings", got, cs)
			return nil
		})
	}
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.PutCallSettings(&switchboard.CallSettings{WorkplaceID: "wp_none", CustomerID: w.c1.ID})
	}), switchboard.ENOTFOUND, "wp_none")
}

// testCallEvents checks that events get increasing Seqs, are read per
// customer and across customers in Seq order from any point, and that old
// ones are deleted.
func testCallEvents(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	view(t, s, func(tx switchboard.Tx) error {
		if seq, err := tx.LastCallEventSeq(); err != nil || seq != 0 {
			t.Errorf("LastCallEventSeq of an empty store = %d, %v; want 0", seq, err)
		}
		return nil
	})
	var evs []*switchboard.CallEvent
	for i, c := range []string{w.c1.ID, w.c2.ID, w.c1.ID, w.c1.ID} {
		e := &switchboard.CallEvent{Kind: switchboard.EventCallReceived, CustomerID: c, WorkplaceID: "wp_x",
			At:   utc(at.Add(time.Duration(i) * time.Hour)),
			Call: &switchboard.Call{ID: fmt.Sprintf("call_%d", i), CustomerID: c, State: switchboard.CallAlerting, StartedAt: utc(at)}}
		update(t, s, func(tx switchboard.Tx) error { return tx.AddCallEvent(e) })
		if len(evs) > 0 && e.Seq <= evs[len(evs)-1].Seq {
			t.Fatalf("Seq %d after %d does not increase", e.Seq, evs[len(evs)-1].Seq)
		}
		evs = append(evs, e)
	}
	seqs := func(es []*switchboard.CallEvent) []string {
		return keys(es, func(e *switchboard.CallEvent) string { return fmt.Sprint(e.Seq) })
	}
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.CallEventsAfter(w.c1.ID, 0, 100)
		wantKeys(t, "customer 1's events", seqs(got), err, seqs([]*switchboard.CallEvent{evs[0], evs[2], evs[3]}))
		if err == nil {
			same(t, "first event", got[0], evs[0])
		}
		got, err = tx.CallEventsAfter("", evs[0].Seq, 2)
		wantKeys(t, "every customer's after the first, two", seqs(got), err, seqs(evs[1:3]))
		last, err := tx.LastCallEventSeq()
		if err != nil || last != evs[3].Seq {
			t.Errorf("LastCallEventSeq = %d, %v; want %d", last, err, evs[3].Seq)
		}
		return nil
	})
	update(t, s, func(tx switchboard.Tx) error {
		n, err := tx.DeleteCallEventsBefore(evs[2].At)
		if err != nil || n != 2 {
			t.Errorf("DeleteCallEventsBefore = %d, %v; want 2", n, err)
		}
		got, err := tx.CallEventsAfter("", 0, 100)
		wantKeys(t, "events left", seqs(got), err, seqs(evs[2:]))
		return nil
	})
}

// testCallRecords checks the journal: newest first, paged, an entry
// replaced by its next state, and workplaces kept apart.
func testCallRecords(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	w2 := newWorkplace("wp_2", w.s1, "bob.meier", "202")
	update(t, s, func(tx switchboard.Tx) error { return tx.CreateWorkplace(w2) })
	call := func(id string, wp *switchboard.Workplace, started time.Time) *switchboard.Call {
		return &switchboard.Call{ID: id, ExternalTrackingID: "trk-" + id, CustomerID: wp.CustomerID, WorkplaceID: wp.ID,
			Personality: switchboard.CallTerminator, State: switchboard.CallAlerting, RemoteAddress: "+4930123456",
			StartedAt: utc(started)}
	}
	calls := []*switchboard.Call{call("call_a", w.w1, at), call("call_c", w.w1, later), call("call_b", w.w1, later),
		call("call_d", w2, later.Add(time.Hour))}
	update(t, s, func(tx switchboard.Tx) error { return each(tx.PutCallRecord, calls...) })
	calls[0].State, calls[0].AnsweredAt, calls[0].ReleasedAt, calls[0].ReleaseCause =
		switchboard.CallReleased, utc(at.Add(time.Second)), utc(at.Add(time.Minute)), switchboard.ReleaseNormal
	update(t, s, func(tx switchboard.Tx) error { return tx.PutCallRecord(calls[0]) })
	ids := func(cs []*switchboard.Call) []string {
		return keys(cs, func(c *switchboard.Call) string { return c.ID })
	}
	view(t, s, func(tx switchboard.Tx) error {
		got, next, err := tx.CallRecords(w.w1.ID, switchboard.Page{Limit: 2})
		wantKeys(t, "first page", ids(got), err, []string{"call_c", "call_b"})
		got, next, err = tx.CallRecords(w.w1.ID, switchboard.Page{After: next, Limit: 2})
		wantKeys(t, "second page", ids(got), err, []string{"call_a"})
		if err == nil {
			same(t, "released call", got[0], calls[0])
		}
		if next != "" {
			t.Errorf("next after the last page = %q", next)
		}
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.PutCallRecord(call("call_e", &switchboard.Workplace{ID: "wp_none", CustomerID: w.c1.ID}, at))
	}),
		switchboard.ENOTFOUND, "wp_none")
}

// testTrunks checks trunk round trip with the password, names unique per
// customer, updates, listing per customer and deletion.
func testTrunks(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	newTrunk := func(id, name string, c *switchboard.Customer) *switchboard.Trunk {
		return &switchboard.Trunk{ID: id, CustomerID: c.ID, Name: name, Proxy: "sip.carrier.example:5061", Transport: "tls",
			Domain: "carrier.example", Username: "4930123", AuthUsername: "auth-4930123", Password: "trunkpw-" + id,
			Register: true, InboundAddresses: []string{"192.0.2.10", "2001:db8::/64"}, CallerID: "+4930123450",
			CreatedAt: utc(at), UpdatedAt: utc(at)}
	}
	a, b, other := newTrunk("trk_1", "carrier", w.c1), newTrunk("trk_2", "backup", w.c1), newTrunk("trk_3", "carrier", w.c2)
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateTrunk, a, b, other) })
	ids := func(ts []*switchboard.Trunk) []string {
		return keys(ts, func(tr *switchboard.Trunk) string { return tr.ID })
	}
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Trunk(a.ID)
		if err != nil {
			t.Fatalf("Trunk: %v", err)
		}
		same(t, "trunk", got, a)
		ts, next, err := tx.Trunks(w.c1.ID, switchboard.Page{Limit: 1})
		wantKeys(t, "first page", ids(ts), err, []string{"trk_1"})
		ts, _, err = tx.Trunks(w.c1.ID, switchboard.Page{After: next})
		wantKeys(t, "second page", ids(ts), err, []string{"trk_2"})
		ts, _, err = tx.Trunks("", switchboard.Page{})
		wantKeys(t, "every customer's", ids(ts), err, []string{"trk_1", "trk_2", "trk_3"})
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateTrunk(newTrunk("trk_4", "carrier", w.c1)) }), switchboard.ECONFLICT, "name")
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.CreateTrunk(newTrunk("trk_1", "third", w.c1)) }), switchboard.ECONFLICT, "trk_1")
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateTrunk(newTrunk("trk_5", "x", &switchboard.Customer{ID: "cus_none"}))
	}), switchboard.ENOTFOUND, "cus_none")

	a.Password, a.Register, a.InboundAddresses, a.UpdatedAt = "", false, []string{}, utc(later)
	update(t, s, func(tx switchboard.Tx) error { return tx.UpdateTrunk(a) })
	view(t, s, func(tx switchboard.Tx) error {
		got, err := tx.Trunk(a.ID)
		if err != nil {
			t.Fatalf("Trunk: %v", err)
		}
		same(t, "updated trunk", got, a)
		return nil
	})
	b.Name = "carrier"
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.UpdateTrunk(b) }), switchboard.ECONFLICT, "name")
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteTrunk(b.ID) })
	for _, fn := range []func(tx switchboard.Tx) error{
		func(tx switchboard.Tx) error { return tx.DeleteTrunk(b.ID) },
		func(tx switchboard.Tx) error { _, err := tx.Trunk(b.ID); return err },
		func(tx switchboard.Tx) error { return tx.UpdateTrunk(b) },
	} {
		wantError(t, try(s, fn), switchboard.ENOTFOUND, b.ID)
	}
}

// testMonitoringAccounts checks monitoring accounts: round trip, look-up
// by username, usernames unique across customers, listing and deletion.
func testMonitoringAccounts(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	newAccount := func(id, username string, c *switchboard.Customer) *switchboard.MonitoringAccount {
		return &switchboard.MonitoringAccount{ID: id, CustomerID: c.ID, Username: username, Description: "XPhone Connect",
			PasswordHash: "$2a$10$abc", CreatedAt: utc(at)}
	}
	a, b := newAccount("mon_1", "cti.acme", w.c1), newAccount("mon_2", "cti.other", w.c2)
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateMonitoringAccount, a, b) })
	view(t, s, func(tx switchboard.Tx) error {
		for _, get := range []func() (*switchboard.MonitoringAccount, error){
			func() (*switchboard.MonitoringAccount, error) { return tx.MonitoringAccount(a.ID) },
			func() (*switchboard.MonitoringAccount, error) { return tx.MonitoringAccountByUsername(a.Username) },
		} {
			got, err := get()
			if err != nil {
				t.Fatalf("read monitoring account: %v", err)
			}
			same(t, "monitoring account", got, a)
		}
		ms, _, err := tx.MonitoringAccounts(w.c1.ID, switchboard.Page{})
		wantKeys(t, "customer 1's", keys(ms, func(m *switchboard.MonitoringAccount) string { return m.ID }), err, []string{"mon_1"})
		return nil
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.CreateMonitoringAccount(newAccount("mon_3", "cti.acme", w.c2))
	}), switchboard.ECONFLICT, "username")
	update(t, s, func(tx switchboard.Tx) error { return tx.DeleteMonitoringAccount(a.ID) })
	for _, fn := range []func(tx switchboard.Tx) error{
		func(tx switchboard.Tx) error { return tx.DeleteMonitoringAccount(a.ID) },
		func(tx switchboard.Tx) error { _, err := tx.MonitoringAccount(a.ID); return err },
	} {
		wantError(t, try(s, fn), switchboard.ENOTFOUND, a.ID)
	}
	wantError(t, try(s, func(tx switchboard.Tx) error { _, err := tx.MonitoringAccountByUsername(a.Username); return err }),
		switchboard.ENOTFOUND, a.Username)
}

// testCallEventsInOrder adds events from several writers at once while a
// reader follows them by Seq, as a CTI channel does: the reader must see
// every event, none skipped because a smaller Seq committed late.
func testCallEventsInOrder(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	const writers, each = 4, 10
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				e := &switchboard.CallEvent{Kind: switchboard.EventCallUpdated, CustomerID: w.c1.ID, At: utc(at),
					Call: &switchboard.Call{ID: fmt.Sprintf("call_%d_%d", i, j)}}
				if err := try(s, func(tx switchboard.Tx) error { return tx.AddCallEvent(e) }); err != nil {
					t.Errorf("AddCallEvent: %v", err)
					return
				}
			}
		}()
	}
	seen := map[string]bool{}
	var after int64
	deadline := time.Now().Add(30 * time.Second)
	for len(seen) < writers*each && time.Now().Before(deadline) {
		view(t, s, func(tx switchboard.Tx) error {
			evs, err := tx.CallEventsAfter(w.c1.ID, after, 100)
			for _, e := range evs {
				seen[e.Call.ID], after = true, e.Seq
			}
			return err
		})
	}
	wg.Wait()
	if len(seen) != writers*each {
		t.Errorf("the reader saw %d of %d events", len(seen), writers*each)
	}
}
