package yealink

import (
	"strings"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// northAmerica are the main North American zones, and UTC.
var northAmerica = []string{"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
	"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver",
	"America/Halifax", "America/St_Johns", "America/Winnipeg", "America/Edmonton", "America/Regina", "America/Mexico_City"}

func TestTimeZonesCovered(t *testing.T) {
	// vendorkit's test checks it covers every European zone.
	for _, name := range vendorkit.ZoneNames() {
		if _, ok := zoneNames[name]; !ok && strings.HasPrefix(name, "Europe/") {
			t.Errorf("%s is not in the time zone table", name)
		}
	}
	for _, name := range northAmerica {
		if _, ok := zoneNames[name]; !ok {
			t.Errorf("%s is not in the time zone table", name)
		}
	}
	for _, name := range []string{"Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"} {
		if _, ok := zoneNames[name]; ok {
			t.Errorf("%s is in the table; the values test expects it left to the phone", name)
		}
	}
}

// TestZoneNamesHaveRules checks that every named zone has an offset and
// rule in vendorkit, without which Render would leave it to the phone.
func TestZoneNamesHaveRules(t *testing.T) {
	for name := range zoneNames {
		if _, ok := vendorkit.ZoneOf(name); !ok {
			t.Errorf("%s has a Yealink name but no vendorkit zone", name)
		}
	}
}

func TestZoneEncoding(t *testing.T) {
	for minutes, want := range map[int]string{0: "0", 60: "+1", -210: "-3:30", -600: "-10", 330: "+5:30"} {
		if got := zoneOffset(minutes); got != want {
			t.Errorf("zoneOffset(%d) = %q, want %q", minutes, got, want)
		}
	}
	for c, want := range map[vendorkit.Change]string{
		{Month: time.March, Week: vendorkit.Last, Weekday: time.Sunday, Hour: 2}: "3/5/7/2",
		{Month: time.November, Week: 1, Weekday: time.Sunday, Hour: 2}:           "11/1/7/2",
		{Month: time.April, Week: 2, Weekday: time.Monday, Hour: 0}:              "4/2/1/0",
	} {
		if got := dstChange(c); got != want {
			t.Errorf("dstChange(%+v) = %q, want %q", c, got, want)
		}
	}
}
