package switchboard_test

import (
	"testing"

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
