package app

import (
	"testing"
	"time"
)

func TestLogoutDue(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name, logout, since, now string
		want                     bool
	}{
		{"before the time on the next day", "03:00", "2026-03-01 11:00", "2026-03-02 02:59", false},
		{"at the time", "03:00", "2026-03-01 11:00", "2026-03-02 03:00", true},
		{"later on the next day", "03:00", "2026-03-01 11:00", "2026-03-02 18:00", true},
		{"logged in after the time the same day", "03:00", "2026-03-02 03:30", "2026-03-02 18:00", false},
		{"logged in just before the time", "03:00", "2026-03-02 02:59", "2026-03-02 03:01", true},
		{"days later", "03:00", "2026-03-01 11:00", "2026-03-05 01:00", true},
		{"evening time", "22:30", "2026-03-02 08:00", "2026-03-02 22:29", false},
		{"evening time passed", "22:30", "2026-03-02 08:00", "2026-03-02 22:31", true},
		{"the night clocks go forward", "02:30", "2026-03-28 12:00", "2026-03-29 04:00", true},
		{"the night clocks go back", "02:30", "2026-10-24 12:00", "2026-10-25 02:15", false},
		{"malformed time never logs out", "3 Uhr", "2026-03-01 11:00", "2026-03-09 11:00", false},
	} {
		if got := logoutDue(tc.logout, berlin, at(tc.since), at(tc.now)); got != tc.want {
			t.Errorf("%s: logoutDue(%s, since %s, now %s) = %v, want %v", tc.name, tc.logout, tc.since, tc.now, got, tc.want)
		}
	}
}
