package storetest

import (
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testCharges holds the months' spending to its rules: a charge adds to
// its customer, workplace and caller number in its month only, a call is
// charged once, a charge without a number leaves the numbers alone, the
// customer's sums list in level order, another customer sees none of
// them, and a reached limit is news once per level and month.
func testCharges(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	const n1, n2 = "+4930123456", "+4930123457"
	charges := []switchboard.Charge{
		{CallID: "call_1", Month: "2026-03", CustomerID: w.c1.ID, WorkplaceID: w.w1.ID, Number: n1, Cents: 120},
		{CallID: "call_2", Month: "2026-03", CustomerID: w.c1.ID, WorkplaceID: w.w1.ID, Number: n2, Cents: 30},
		{CallID: "call_3", Month: "2026-03", CustomerID: w.c1.ID, WorkplaceID: "wp_9", Cents: 7},
		{CallID: "call_4", Month: "2026-04", CustomerID: w.c1.ID, WorkplaceID: w.w1.ID, Number: n1, Cents: 1000},
		{CallID: "call_5", Month: "2026-03", CustomerID: w.c2.ID, WorkplaceID: "wp_2", Number: n1, Cents: 500},
	}
	update(t, s, func(tx switchboard.Tx) error {
		for _, c := range charges {
			if _, added, err := tx.AddCharge(c); err != nil || !added {
				t.Errorf("AddCharge(%s) = %v, %v; want added", c.CallID, added, err)
			}
		}
		again := charges[0]
		again.Cents = 999
		got, added, err := tx.AddCharge(again)
		if err != nil || added || got != (switchboard.Spending{Customer: 157, Workplace: 150, Number: 120}) {
			t.Errorf("charging call_1 again = %+v, %v, %v; want the sums unchanged", got, added, err)
		}
		_, _, err = tx.AddCharge(switchboard.Charge{CallID: "call_x", Month: "2026-03", CustomerID: "cus_404", WorkplaceID: "wp_1", Cents: 1})
		if switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			t.Errorf("charge of an unknown customer: %v; want ENOTFOUND", err)
		}
		return nil
	})
	view(t, s, func(tx switchboard.Tx) error {
		for _, tc := range []struct {
			month, customer, workplace, number string
			want                               switchboard.Spending
		}{
			{"2026-03", w.c1.ID, w.w1.ID, n1, switchboard.Spending{Customer: 157, Workplace: 150, Number: 120}},
			{"2026-03", w.c1.ID, w.w1.ID, "", switchboard.Spending{Customer: 157, Workplace: 150}},
			{"2026-04", w.c1.ID, w.w1.ID, n1, switchboard.Spending{Customer: 1000, Workplace: 1000, Number: 1000}},
			{"2026-05", w.c1.ID, w.w1.ID, n1, switchboard.Spending{}},
			{"2026-03", w.c2.ID, "wp_2", n1, switchboard.Spending{Customer: 500, Workplace: 500, Number: 500}},
		} {
			got, err := tx.Spending(tc.month, tc.customer, tc.workplace, tc.number)
			if err != nil || got != tc.want {
				t.Errorf("Spending(%s, %s, %s, %s) = %+v, %v; want %+v", tc.month, tc.customer, tc.workplace, tc.number, got, err, tc.want)
			}
		}
		sums, err := tx.ChargeSums(w.c1.ID, "2026-03")
		if err != nil {
			return err
		}
		same(t, "sums of March", sums, []switchboard.ChargeSum{
			{Level: switchboard.LevelCustomer, Subject: w.c1.ID, Cents: 157, Calls: 3},
			{Level: switchboard.LevelWorkplace, Subject: w.w1.ID, Cents: 150, Calls: 2},
			{Level: switchboard.LevelWorkplace, Subject: "wp_9", Cents: 7, Calls: 1},
			{Level: switchboard.LevelNumber, Subject: n1, Cents: 120, Calls: 1},
			{Level: switchboard.LevelNumber, Subject: n2, Cents: 30, Calls: 1},
		})
		none, err := tx.ChargeSums(w.c2.ID, "2026-04")
		if err != nil || len(none) != 0 || none == nil {
			t.Errorf("sums of a month without calls = %#v, %v; want an empty list", none, err)
		}
		return nil
	})
	update(t, s, func(tx switchboard.Tx) error {
		for _, tc := range []struct {
			month, level, subject string
			want                  bool
		}{
			{"2026-03", switchboard.LevelWorkplace, w.w1.ID, true},
			{"2026-03", switchboard.LevelWorkplace, w.w1.ID, false},
			{"2026-03", switchboard.LevelNumber, w.w1.ID, true},
			{"2026-04", switchboard.LevelWorkplace, w.w1.ID, true},
			{"2026-03", switchboard.LevelNumber, "+4940999999", true},
		} {
			got, err := tx.MarkLimitReached(w.c1.ID, tc.month, tc.level, tc.subject, at)
			if err != nil || got != tc.want {
				t.Errorf("MarkLimitReached(%s, %s, %s) = %v, %v; want %v", tc.month, tc.level, tc.subject, got, err, tc.want)
			}
		}
		got, err := tx.Spending("2026-03", w.c1.ID, w.w1.ID, n1)
		if err != nil || got != (switchboard.Spending{Customer: 157, Workplace: 150, Number: 120}) {
			t.Errorf("spending after marks = %+v, %v; want it unchanged", got, err)
		}
		return nil
	})
}
