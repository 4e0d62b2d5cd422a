package storetest

import (
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// testPlannedActions checks the planned turns of spread actions: one per
// device (planning again replaces it), a missing device refused, taken
// once when due and earliest first.
func testPlannedActions(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	d1 := newDevice("dev_1", w.w1, "001565aabbcc", "c1-201", key1)
	d2 := newDevice("dev_2", w.w1, "001565aabbcd", "c1-202", key2)
	soon := utc(at).Add(time.Minute)
	update(t, s, func(tx switchboard.Tx) error {
		if err := each(tx.CreateDevice, d1, d2); err != nil {
			return err
		}
		return tx.PlanActions([]*switchboard.PlannedAction{
			{DeviceID: d1.ID, Action: switchboard.ActionSync, Due: utc(later)},
			{DeviceID: d2.ID, Action: switchboard.ActionSync, Due: utc(at)},
		})
	})
	update(t, s, func(tx switchboard.Tx) error {
		return tx.PlanActions([]*switchboard.PlannedAction{{DeviceID: d1.ID, Action: switchboard.ActionReboot, Due: soon}})
	})
	wantError(t, try(s, func(tx switchboard.Tx) error {
		return tx.PlanActions([]*switchboard.PlannedAction{{DeviceID: "dev_9", Action: switchboard.ActionSync, Due: utc(at)}})
	}), switchboard.ENOTFOUND)

	take := func(now time.Time, want ...*switchboard.PlannedAction) {
		t.Helper()
		got := []*switchboard.PlannedAction{}
		update(t, s, func(tx switchboard.Tx) (err error) {
			got, err = tx.TakeDueActions(now, 10)
			return err
		})
		same(t, "turns taken at "+now.Format(time.RFC3339), got, append([]*switchboard.PlannedAction{}, want...))
	}
	take(utc(at).Add(30*time.Second), &switchboard.PlannedAction{DeviceID: d2.ID, Action: switchboard.ActionSync, Due: utc(at)})
	take(utc(at).Add(30 * time.Second))
	take(utc(later), &switchboard.PlannedAction{DeviceID: d1.ID, Action: switchboard.ActionReboot, Due: soon})
}
