package vendorkit

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has installed
)

// europe are the IANA zones under Europe/ (tzdata 2025), every one of which
// the table must cover.
var europe = strings.Fields(`Amsterdam Andorra Astrakhan Athens Belfast Belgrade Berlin Bratislava
	Brussels Bucharest Budapest Busingen Chisinau Copenhagen Dublin Gibraltar Guernsey Helsinki
	Isle_of_Man Istanbul Jersey Kaliningrad Kiev Kirov Kyiv Lisbon Ljubljana London Luxembourg Madrid
	Malta Mariehamn Minsk Monaco Moscow Nicosia Oslo Paris Podgorica Prague Riga Rome Samara San_Marino
	Sarajevo Saratov Simferopol Skopje Sofia Stockholm Tallinn Tirane Tiraspol Ulyanovsk Uzhgorod Vaduz
	Vatican Vienna Vilnius Volgograd Warsaw Zagreb Zaporozhye Zurich`)

// northAmerica are the main North American zones, UTC and the Atlantic
// islands.
var northAmerica = []string{"UTC", "GMT", "Etc/UTC", "Etc/GMT", "America/New_York", "America/Chicago",
	"America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
	"America/Toronto", "America/Vancouver", "America/Halifax", "America/St_Johns", "America/Winnipeg",
	"America/Edmonton", "America/Regina", "America/Mexico_City", "America/Puerto_Rico", "Atlantic/Azores",
	"Atlantic/Canary", "Atlantic/Faroe", "Atlantic/Madeira", "Atlantic/Reykjavik"}

func TestZonesCovered(t *testing.T) {
	for _, name := range europe {
		if _, ok := ZoneOf("Europe/" + name); !ok {
			t.Errorf("Europe/%s is not in the time zone table", name)
		}
	}
	for _, name := range northAmerica {
		if _, ok := ZoneOf(name); !ok {
			t.Errorf("%s is not in the time zone table", name)
		}
	}
	// The vendors' values tests use these as zones left to the phone.
	for _, name := range []string{"Asia/Tokyo", "Australia/Sydney", "Australia/Lord_Howe", "America/Sao_Paulo"} {
		if _, ok := ZoneOf(name); ok {
			t.Errorf("%s is in the table; the values tests expect it left to the phone", name)
		}
	}
}

func TestFirstDay(t *testing.T) {
	for _, c := range []struct {
		change Change
		want   int
	}{
		{Change{Month: time.March, Week: 2}, 8},
		{Change{Month: time.November, Week: 1}, 1},
		{Change{Month: time.March, Week: Last}, 25},
		{Change{Month: time.October, Week: Last}, 25},
		{Change{Month: time.April, Week: Last}, 24},
		{Change{Month: time.February, Week: Last}, 22},
	} {
		if got := c.change.FirstDay(); got != c.want {
			t.Errorf("%+v: first day %d, want %d", c.change, got, c.want)
		}
	}
}

// at is the instant of a change in year at a local offset of off minutes.
func (c Change) at(year, off int) time.Time {
	loc := time.FixedZone("rule", off*60)
	first := time.Date(year, c.Month, 1, c.Hour, 0, 0, 0, loc)
	day := first.AddDate(0, 0, (int(c.Weekday)-int(first.Weekday())+7)%7)
	for n := 1; n < c.Week; n++ {
		next := day.AddDate(0, 0, 7)
		if next.Month() != day.Month() {
			break
		}
		day = next
	}
	return day
}

// TestZonesMatchTheTimeZoneDatabase reads every zone of the table back
// from Go's copy of the IANA database: the standard offset in January,
// and in each of 2026 and 2027 the summer time starting and ending at the
// exact instant the rule names (or no summer time at all).
func TestZonesMatchTheTimeZoneDatabase(t *testing.T) {
	offsetAt := func(loc *time.Location, at time.Time) int {
		_, off := at.In(loc).Zone()
		return off / 60
	}
	for name, z := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, year := range []int{2026, 2027} {
			if got := offsetAt(loc, time.Date(year, 1, 15, 12, 0, 0, 0, time.UTC)); got != z.Offset {
				t.Errorf("%s: offset %d min in January %d, table says %d", name, got, year, z.Offset)
			}
			r := z.DST
			if r == nil {
				if got := offsetAt(loc, time.Date(year, 7, 15, 12, 0, 0, 0, time.UTC)); got != z.Offset {
					t.Errorf("%s: offset %d min in July %d, but the table has no summer time", name, got, year)
				}
				continue
			}
			start, end := r.Start.at(year, z.Offset), r.End.at(year, z.Offset+r.Save)
			for _, c := range []struct {
				at   time.Time
				want int
			}{{start.Add(-time.Second), z.Offset}, {start, z.Offset + r.Save}, {end.Add(-time.Second), z.Offset + r.Save}, {end, z.Offset}} {
				if got := offsetAt(loc, c.at); got != c.want {
					t.Errorf("%s: offset %d min at %s, the rule %+v gives %d", name, got, c.at.UTC(), *r, c.want)
				}
			}
		}
	}
}

func TestOffsetHours(t *testing.T) {
	for _, c := range []struct {
		minutes int
		plus    string
		want    string
	}{{0, "+", "0"}, {60, "+", "+1"}, {60, "", "1"}, {-210, "+", "-3:30"}, {210, "", "3:30"}, {-600, "", "-10"}} {
		if got := OffsetHours(c.minutes, c.plus); got != c.want {
			t.Errorf("OffsetHours(%d, %q) = %q, want %q", c.minutes, c.plus, got, c.want)
		}
	}
}
