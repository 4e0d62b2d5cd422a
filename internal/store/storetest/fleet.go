package storetest

import (
	"testing"

	"github.com/switchboard-pbx/switchboard"
)

// testDeviceSummaries checks the fleet statistics' device list: a
// customer's devices or everyone's, in id order and pages, with what the
// device records say of model, SIP account and last access.
func testDeviceSummaries(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	with := newDevice("dev_a", w.w1, "001565000011", "u211", "key11")
	without := newDevice("dev_b", w.w1, "001565000012", "", "key12")
	without.SIP = switchboard.SIPAccount{}
	other := newDevice("dev_c", w.w1, "", "u213", "key13")
	other.CustomerID, other.WorkplaceID = w.c2.ID, ""
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateDevice, with, without, other) })
	view(t, s, func(tx switchboard.Tx) error {
		got, next, err := tx.DeviceSummaries(w.c1.ID, switchboard.Page{Limit: 1})
		if err != nil {
			return err
		}
		if len(got) != 1 || next != with.ID {
			t.Fatalf("first page of one: %d summaries, next %q; want dev_a and a next page", len(got), next)
		}
		want := switchboard.DeviceSummary{ID: with.ID, CustomerID: w.c1.ID, Model: with.Model, Description: with.Description,
			HasSIP: true, LastAccessAt: with.LastAccess.At, LastAccessUserAgent: with.LastAccess.UserAgent}
		same(t, "summary", *got[0], want)
		rest, _, err := tx.DeviceSummaries(w.c1.ID, switchboard.Page{After: next})
		if err != nil {
			return err
		}
		if len(rest) != 1 || rest[0].ID != without.ID || rest[0].HasSIP {
			t.Errorf("second page: %+v, want dev_b without a SIP account", rest)
		}
		all, _, err := tx.DeviceSummaries("", switchboard.Page{})
		wantKeys(t, "every customer's", keys(all, func(d *switchboard.DeviceSummary) string { return d.ID }), err, []string{"dev_a", "dev_b", "dev_c"})
		return nil
	})
}
