package fanvil

import (
	"testing"
	"time"
	_ "time/tzdata"
)

// sunday returns the week-th Sunday (5: the last) of month in year.
func sunday(year, month, week int) int {
	if week == 5 {
		last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC)
		return last.Day() - int(last.Weekday())
	}
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	return 1 + (7-int(first.Weekday()))%7 + 7*(week-1)
}

// TestZonesMatchTheTimeZoneDatabase reads every zone of the table back
// from Go's time zone database: the standard offset, and for zones with
// summer time the exact hours the clock changes in 2026 and 2027.
func TestZonesMatchTheTimeZoneDatabase(t *testing.T) {
	for name, z := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, year := range []int{2026, 2027} {
			std := time.FixedZone("std", z.offset*60)
			_, winter := time.Date(year, 1, 15, 12, 0, 0, 0, loc).Zone()
			_, summer := time.Date(year, 7, 15, 12, 0, 0, 0, loc).Zone()
			north := winter
			if z.dst == nil {
				if winter != z.offset*60 || summer != winter {
					t.Errorf("%s %d: offsets %d/%d s, table says %d min without summer time", name, year, winter, summer, z.offset)
				}
				continue
			}
			if north != z.offset*60 || summer != north+3600 {
				t.Errorf("%s %d: offsets %d/%d s, table says %d min with summer time", name, year, winter, summer, z.offset)
				continue
			}
			r := z.dst
			start := time.Date(year, time.Month(r.startMonth), sunday(year, r.startMonth, r.startWeek), r.startHour, 0, 0, 0, std)
			end := time.Date(year, time.Month(r.endMonth), sunday(year, r.endMonth, r.endWeek), r.endHour, 0, 0, 0, std).Add(-time.Hour)
			for _, c := range []struct {
				at           time.Time
				before, from int
			}{{start, north, summer}, {end, summer, north}} {
				_, b := c.at.Add(-time.Second).In(loc).Zone()
				_, a := c.at.In(loc).Zone()
				if b != c.before || a != c.from {
					t.Errorf("%s: no change from %d to %d s at %s (%d, %d)", name, c.before, c.from, c.at.UTC(), b, a)
				}
			}
		}
	}
}
