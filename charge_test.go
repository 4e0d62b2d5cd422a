package switchboard_test

import (
	"reflect"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// TestTopStopHits: each level's spending is held against its own limit;
// reaching the limit exactly counts, no limit never does.
func TestTopStopHits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		limits switchboard.ChargeLimits
		spent  switchboard.Spending
		number string
		want   []string
	}{
		{"no limits", switchboard.ChargeLimits{}, switchboard.Spending{Customer: 1e6, Workplace: 1e6, Number: 1e6}, "+49301", nil},
		{"below", switchboard.ChargeLimits{Customer: 100, Workplace: 50, Number: 20}, switchboard.Spending{Customer: 99, Workplace: 49, Number: 19}, "+49301", nil},
		{"workplace exactly", switchboard.ChargeLimits{Customer: 100, Workplace: 50}, switchboard.Spending{Customer: 60, Workplace: 50}, "+49301", []string{"workplace"}},
		{"own level only", switchboard.ChargeLimits{Customer: 1000, Number: 20}, switchboard.Spending{Customer: 30, Workplace: 30, Number: 20}, "+49301", []string{"number"}},
		{"no number shown", switchboard.ChargeLimits{Number: 20}, switchboard.Spending{Customer: 30, Workplace: 30, Number: 30}, "", nil},
		{"all", switchboard.ChargeLimits{Customer: 1, Workplace: 1, Number: 1}, switchboard.Spending{Customer: 5, Workplace: 5, Number: 5}, "+49301", []string{"customer", "workplace", "number"}},
	} {
		var got []string
		for _, h := range switchboard.TopStopHits(tc.limits, tc.spent, "cus_1", "wp_1", tc.number) {
			got = append(got, h.Level)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: hits %v; want %v", tc.name, got, tc.want)
		}
	}
	h := switchboard.TopStopHit{Level: switchboard.LevelWorkplace, Spent: 5000, Limit: 5000}
	want := "TopStop of the workplace reached: 50.00 of 50.00 this month; an administrator can raise the limit"
	if err := h.Error(); err.Code != switchboard.EFORBIDDEN || err.Message != want {
		t.Errorf("refusal %v; want EFORBIDDEN %q", err, want)
	}
}

// TestChargeMonth: months are UTC calendar months, whatever the zone.
func TestChargeMonth(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), "2026-12"},
		{time.Date(2027, 1, 1, 0, 30, 0, 0, berlin), "2026-12"},
		{time.Date(2027, 1, 1, 1, 0, 0, 0, berlin), "2027-01"},
	} {
		if got := switchboard.ChargeMonth(tc.at); got != tc.want {
			t.Errorf("ChargeMonth(%v) = %s; want %s", tc.at, got, tc.want)
		}
	}
	if _, err := switchboard.ParseChargeMonth("month", "2026-13"); switchboard.ErrorCode(err) != switchboard.EINVALID {
		t.Errorf("month 13: %v; want EINVALID", err)
	}
	if got := switchboard.FormatCents(123456); got != "1234.56" {
		t.Errorf("FormatCents = %s", got)
	}
}
