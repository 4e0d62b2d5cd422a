package yealink

import (
	"fmt"
	"strconv"
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

// northAmerica are the main North American zones, and UTC.
var northAmerica = []string{"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
	"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver",
	"America/Halifax", "America/St_Johns", "America/Winnipeg", "America/Edmonton", "America/Regina", "America/Mexico_City"}

func TestTimeZonesCovered(t *testing.T) {
	for _, name := range europe {
		if _, ok := timeZones["Europe/"+name]; !ok {
			t.Errorf("Europe/%s is not in the time zone table", name)
		}
	}
	for _, name := range northAmerica {
		if _, ok := timeZones[name]; !ok {
			t.Errorf("%s is not in the time zone table", name)
		}
	}
	for _, name := range []string{"Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"} {
		if _, ok := timeZones[name]; ok {
			t.Errorf("%s is in the table; the values test expects it left to the phone", name)
		}
	}
}

// TestTimeZonesMatchTZData reads every entry against Go's copy of the IANA
// database: the standard offset in January, and in each of 2026 and 2027
// the summer time starting and ending at the instant the rule names (or no
// summer time at all).
func TestTimeZonesMatchTZData(t *testing.T) {
	for name, z := range timeZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		std, err := parseOffset(z.offset)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, year := range []int{2026, 2027} {
			if got := offsetAt(loc, time.Date(year, 1, 15, 12, 0, 0, 0, time.UTC)); got != std {
				t.Errorf("%s: offset %d min in January %d, table says %s", name, got, year, z.offset)
			}
			if z.dst == nil {
				if got := offsetAt(loc, time.Date(year, 7, 15, 12, 0, 0, 0, time.UTC)); got != std {
					t.Errorf("%s: offset %d min in July %d, but the table has no summer time", name, got, year)
				}
				continue
			}
			start, err := ruleInstant(year, z.dst.start, std)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			end, err := ruleInstant(year, z.dst.end, std+60)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, c := range []struct {
				at   time.Time
				want int
			}{{start.Add(-time.Minute), std}, {start.Add(time.Minute), std + 60}, {end.Add(-time.Minute), std + 60}, {end.Add(time.Minute), std}} {
				if got := offsetAt(loc, c.at); got != c.want {
					t.Errorf("%s: offset %d min at %s, the rule %s–%s gives %d", name, got, c.at.UTC(), z.dst.start, z.dst.end, c.want)
				}
			}
		}
	}
}

func offsetAt(loc *time.Location, at time.Time) int {
	_, off := at.In(loc).Zone()
	return off / 60
}

// parseOffset reads local_time.time_zone ("+1", "-3:30", "0") as minutes.
func parseOffset(s string) (int, error) {
	sign := 1
	if strings.HasPrefix(s, "-") {
		sign = -1
	}
	h, m, _ := strings.Cut(strings.TrimLeft(s, "+-"), ":")
	hours, err := strconv.Atoi(h)
	if err != nil {
		return 0, fmt.Errorf("offset %q", s)
	}
	mins := 0
	if m != "" {
		if mins, err = strconv.Atoi(m); err != nil {
			return 0, fmt.Errorf("offset %q", s)
		}
	}
	return sign * (hours*60 + mins), nil
}

// ruleInstant is the instant of a by-week rule "month/week/weekday/hour"
// (week 5 the last, weekday 1 Monday … 7 Sunday) in a year, at a local
// offset of off minutes.
func ruleInstant(year int, rule string, off int) (time.Time, error) {
	var month, week, weekday, hour int
	if _, err := fmt.Sscanf(rule, "%d/%d/%d/%d", &month, &week, &weekday, &hour); err != nil {
		return time.Time{}, fmt.Errorf("rule %q: %v", rule, err)
	}
	wd := time.Weekday(weekday % 7)
	loc := time.FixedZone("rule", off*60)
	first := time.Date(year, time.Month(month), 1, hour, 0, 0, 0, loc)
	day := first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7)
	for n := 1; n < week; n++ {
		next := day.AddDate(0, 0, 7)
		if next.Month() != day.Month() {
			break
		}
		day = next
	}
	return day, nil
}
