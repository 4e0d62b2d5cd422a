package switchboard_test

import (
	"testing"
	"time"

	sb "github.com/switchboard-pbx/switchboard"
)

func TestValidateClockTime(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true}, {"03:00", true}, {"23:59", true}, {"00:00", true},
		{"3:00", false}, {"24:00", false}, {"03:60", false}, {"03:00:00", false}, {"3 Uhr", false}, {" 03:00", false},
	} {
		check(t, "clock time "+tc.in, sb.ValidateClockTime("auto_logout", tc.in), tc.ok, "not a time of day")
	}
}

func TestLineWorkplace(t *testing.T) {
	login := &sb.HotDeskLogin{Workplace: "wpl_hot"}
	for _, tc := range []struct {
		name string
		d    sb.Device
		want string
	}{
		{"free", sb.Device{}, ""},
		{"linked", sb.Device{WorkplaceID: "wpl_linked"}, "wpl_linked"},
		{"logged in", sb.Device{HotDesk: login}, "wpl_hot"},
		{"linked wins", sb.Device{WorkplaceID: "wpl_linked", HotDesk: login}, "wpl_linked"},
	} {
		if got := tc.d.LineWorkplace(); got != tc.want {
			t.Errorf("%s: LineWorkplace() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzValidateClockTime feeds the automatic log-out time, which comes
// from API clients: whatever is accepted is a time of day written the one
// way the log-out worker reads it.
func FuzzValidateClockTime(f *testing.F) {
	for _, s := range []string{"", "03:00", "23:59", "24:00", "3:00", "03:00:00", "0３:00", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if sb.ValidateClockTime("auto_logout", v) != nil || v == "" {
			return
		}
		at, err := time.Parse("15:04", v)
		if err != nil || at.Format("15:04") != v {
			t.Errorf("accepted %q, which reads back as %q (%v)", v, at.Format("15:04"), err)
		}
	})
}
