package vendorkit

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Zone is what a phone's time setting needs of an IANA zone: the standard
// offset from UTC and the daylight saving rule, if any. Phones take a
// fixed offset and one yearly rule (or a name from a table of their own)
// rather than an IANA name, so each vendor encodes a Zone into its keys;
// the facts are kept here once. Every entry is checked against Go's time
// zone database (zones_test.go).
type Zone struct {
	// Offset is the standard time's offset from UTC in minutes, east
	// positive: 60 for Berlin, -210 for St. John's.
	Offset int
	// DST is the daylight saving rule; nil for a zone without one.
	DST *DSTRule
}

// DSTRule is a yearly daylight saving period: the clock goes forward by
// Save minutes at Start and back at End.
type DSTRule struct {
	Start, End Change
	Save       int
}

// Change is when the clock changes: the Week-th Weekday of Month (Last:
// the last one) at Hour local time, which is local standard time at the
// Start of daylight saving time and local daylight time at its End, the
// way every vendor here takes it.
type Change struct {
	Month   time.Month
	Week    int
	Weekday time.Weekday
	Hour    int
}

// Last is the Week of a change on the last such weekday of the month.
const Last = 5

// FirstDay is the first day of the month the change can fall on, for
// vendors that write a rule as "the first such weekday on or after day":
// 1, 8, 15 or 22 for the first to fourth weekday, and for the last one
// the day six days before the month's end (25 in March and October).
func (c Change) FirstDay() int {
	if c.Week == Last {
		return time.Date(2001, c.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() - 6
	}
	return (c.Week-1)*7 + 1
}

// ISOWeekday is the weekday numbered 1 (Monday) to 7 (Sunday).
func (c Change) ISOWeekday() int {
	if c.Weekday == time.Sunday {
		return 7
	}
	return int(c.Weekday)
}

// euRule is the European Union's rule for a zone offset hours east of
// UTC: summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC
// on the last Sunday of October, so at 1+offset local standard time and
// 2+offset local summer time.
func euRule(offset int) *DSTRule {
	return &DSTRule{
		Start: Change{time.March, Last, time.Sunday, 1 + offset},
		End:   Change{time.October, Last, time.Sunday, 2 + offset},
		Save:  60,
	}
}

// usRule is the rule of the United States and Canada: from 02:00 local
// time on the second Sunday of March to 02:00 on the first Sunday of
// November.
var usRule = &DSTRule{
	Start: Change{time.March, 2, time.Sunday, 2},
	End:   Change{time.November, 1, time.Sunday, 2},
	Save:  60,
}

// moldovaRule is Moldova's: the EU's Sundays, but at 02:00 local standard
// and 03:00 local summer time (IANA tzdata "Moldova" rule).
var moldovaRule = &DSTRule{
	Start: Change{time.March, Last, time.Sunday, 2},
	End:   Change{time.October, Last, time.Sunday, 3},
	Save:  60,
}

// zones covers every European IANA zone, UTC and its aliases, the
// Atlantic islands and the North American zones, with their old names
// and links: the union of what the vendor packages encoded before they
// shared this table. Rules are those of the IANA tzdata in force since
// 2022 (Mexico without daylight saving).
var zones = func() map[string]Zone {
	z := map[string]Zone{}
	add := func(offset int, dst *DSTRule, names ...string) {
		for _, n := range names {
			z[n] = Zone{Offset: offset, DST: dst}
		}
	}
	add(0, nil, "UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/UCT", "Etc/Zulu", "Etc/Universal", "UCT", "Zulu",
		"Universal", "Greenwich", "Atlantic/Reykjavik", "Iceland")

	// Europe and the Atlantic islands.
	add(-60, euRule(-1), "Atlantic/Azores")
	add(0, euRule(0), "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Guernsey", "Europe/Isle_of_Man",
		"Europe/Jersey", "Europe/Belfast", "Atlantic/Canary", "Atlantic/Faroe", "Atlantic/Faeroe", "Atlantic/Madeira",
		"GB", "Eire", "Portugal", "WET")
	add(60, euRule(1), "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Berlin", "Europe/Bratislava",
		"Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen", "Europe/Gibraltar",
		"Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo",
		"Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo",
		"Europe/Skopje", "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna",
		"Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "Arctic/Longyearbyen", "Africa/Ceuta", "CET")
	add(120, euRule(2), "Europe/Athens", "Europe/Bucharest", "Europe/Helsinki", "Europe/Kiev", "Europe/Kyiv",
		"Europe/Mariehamn", "Europe/Riga", "Europe/Sofia", "Europe/Tallinn", "Europe/Uzhgorod", "Europe/Vilnius",
		"Europe/Zaporozhye", "Europe/Nicosia", "Asia/Nicosia", "Asia/Famagusta", "EET")
	add(120, moldovaRule, "Europe/Chisinau", "Europe/Tiraspol")
	add(120, nil, "Europe/Kaliningrad")
	add(180, nil, "Europe/Istanbul", "Europe/Kirov", "Europe/Minsk", "Europe/Moscow", "Europe/Simferopol",
		"Europe/Volgograd", "Asia/Istanbul", "Turkey", "W-SU")
	add(240, nil, "Europe/Astrakhan", "Europe/Samara", "Europe/Saratov", "Europe/Ulyanovsk")

	// North America.
	add(-210, usRule, "America/St_Johns", "Canada/Newfoundland")
	add(-240, usRule, "America/Halifax", "America/Glace_Bay", "America/Moncton", "America/Goose_Bay",
		"America/Thule", "Atlantic/Bermuda", "Canada/Atlantic")
	add(-240, nil, "America/Puerto_Rico", "America/Santo_Domingo", "America/Barbados", "America/Martinique")
	add(-300, usRule, "America/New_York", "America/Detroit", "America/Toronto", "America/Montreal",
		"America/Nassau", "America/Indiana/Indianapolis", "America/Indianapolis", "America/Kentucky/Louisville",
		"America/Louisville", "US/Eastern", "Canada/Eastern", "EST5EDT")
	add(-300, nil, "America/Cancun", "America/Panama", "America/Jamaica", "America/Atikokan")
	add(-360, usRule, "America/Chicago", "America/Winnipeg", "America/Indiana/Knox", "America/Menominee",
		"America/North_Dakota/Center", "US/Central", "Canada/Central", "CST6CDT")
	add(-360, nil, "America/Regina", "America/Swift_Current", "Canada/Saskatchewan", "America/Mexico_City",
		"America/Monterrey", "America/Merida", "America/Guatemala", "America/Costa_Rica", "America/El_Salvador",
		"America/Tegucigalpa", "America/Managua", "America/Belize")
	add(-420, usRule, "America/Denver", "America/Edmonton", "America/Boise", "US/Mountain", "Canada/Mountain",
		"MST7MDT")
	add(-420, nil, "America/Phoenix", "America/Creston", "US/Arizona", "MST")
	add(-480, usRule, "America/Los_Angeles", "America/Vancouver", "America/Tijuana", "US/Pacific",
		"Canada/Pacific", "PST8PDT")
	add(-540, usRule, "America/Anchorage", "America/Juneau", "America/Nome", "America/Sitka",
		"America/Yakutat", "US/Alaska")
	add(-600, nil, "Pacific/Honolulu", "US/Hawaii", "HST")
	return z
}()

// ZoneOf returns the offset and daylight saving rule of an IANA zone;
// ok is false for a zone the table does not cover, which a renderer
// leaves to the phone's own setting.
func ZoneOf(iana string) (z Zone, ok bool) {
	z, ok = zones[iana]
	return z, ok
}

// ZoneNames lists the IANA names ZoneOf covers, sorted.
func ZoneNames() []string {
	return slices.Sorted(maps.Keys(zones))
}

// OffsetHours writes an offset in minutes as whole hours, with the
// minutes where there are any: "1", "-3:30". plus is written before a
// positive offset ("+" for Yealink's "+1", nothing in a POSIX TZ rule);
// zero is "0".
func OffsetHours(minutes int, plus string) string {
	sign := plus
	switch {
	case minutes < 0:
		sign, minutes = "-", -minutes
	case minutes == 0:
		sign = ""
	}
	if minutes%60 != 0 {
		return fmt.Sprintf("%s%d:%02d", sign, minutes/60, minutes%60)
	}
	return fmt.Sprintf("%s%d", sign, minutes/60)
}
