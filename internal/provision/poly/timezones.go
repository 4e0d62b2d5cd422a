package poly

import (
	"strconv"
)

// UC Software keeps time as an offset from UTC in seconds
// (tcpIpApp.sntp.gmtOffset) and one daylight saving rule of its own
// (tcpIpApp.sntp.daylightSavings.*): a month, a day of the week (1 =
// Sunday), "the first such day on or after date" or "the last such day in
// the month", and the hour of local time the clock changes at. Source:
// Polycom SoundPoint IP / UC Software Administrator's Guide, SIP 2.2.0
// appendix "Configuration Files" <tcpIpApp.sntp/> (the attribute table
// the later UC Software guides keep), read through the SIP 2.0.3B
// addendum, which documents "date" as "on or after" (1, 8, 15, 22) and
// that lastInMonth makes the phone ignore it.

// dstRule is a daylight saving rule in Poly's encoding: the clock goes
// forward at startTime (local standard time) on the last Sunday of
// startMonth, or the first Sunday on or after startDate, and back at
// stopTime (local daylight time) likewise.
type dstRule struct {
	startMonth, startDate, startTime int
	startLast                        bool
	stopMonth, stopDate, stopTime    int
	stopLast                         bool
}

// euRule is the European Union's rule (last Sunday of March to last Sunday
// of October, both at 01:00 UTC) for a zone whose standard time is offset
// hours from UTC: the change happens at 01:00 UTC, so at 1+offset local
// standard time and 2+offset local daylight time.
func euRule(offset int) *dstRule {
	return &dstRule{
		startMonth: 3, startDate: 25, startTime: 1 + offset, startLast: true,
		stopMonth: 10, stopDate: 25, stopTime: 2 + offset, stopLast: true,
	}
}

// usRule is the rule of the United States and Canada: second Sunday of
// March to first Sunday of November, at 02:00 local time both ways.
var usRule = &dstRule{startMonth: 3, startDate: 8, startTime: 2, stopMonth: 11, stopDate: 1, stopTime: 2}

// moldovaRule: Moldova changes on the EU's Sundays but at 02:00 local
// standard and 03:00 local daylight time (IANA tzdata "Moldova" rule).
var moldovaRule = &dstRule{startMonth: 3, startDate: 25, startTime: 2, startLast: true, stopMonth: 10, stopDate: 25, stopTime: 3, stopLast: true}

// zone is a time zone as Poly encodes it: the standard offset from UTC in
// minutes and the daylight saving rule (nil: none).
type zone struct {
	offset int
	dst    *dstRule
}

// timeZones are the IANA zones Render encodes: every European zone, UTC,
// and the main North American zones, from the IANA tzdata rules in force
// since 2022 (Mexico without daylight saving). A zone not listed is left
// at the phone's own setting.
var timeZones = map[string]zone{}

func init() {
	add := func(offsetMinutes int, dst *dstRule, names ...string) {
		for _, n := range names {
			timeZones[n] = zone{offset: offsetMinutes, dst: dst}
		}
	}
	add(0, nil, "UTC", "Etc/UTC", "Etc/GMT", "Atlantic/Reykjavik")
	add(-60, euRule(-1), "Atlantic/Azores")
	add(0, euRule(0), "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Guernsey", "Europe/Isle_of_Man",
		"Europe/Jersey", "Atlantic/Canary", "Atlantic/Faroe", "Atlantic/Madeira")
	add(60, euRule(1), "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Berlin", "Europe/Bratislava",
		"Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen", "Europe/Gibraltar",
		"Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo",
		"Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo",
		"Europe/Skopje", "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna",
		"Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "Arctic/Longyearbyen")
	add(120, euRule(2), "Europe/Athens", "Europe/Bucharest", "Europe/Helsinki", "Europe/Kiev", "Europe/Kyiv",
		"Europe/Mariehamn", "Europe/Nicosia", "Asia/Nicosia", "Asia/Famagusta", "Europe/Riga", "Europe/Sofia",
		"Europe/Tallinn", "Europe/Uzhgorod", "Europe/Vilnius", "Europe/Zaporozhye")
	add(120, moldovaRule, "Europe/Chisinau")
	add(120, nil, "Europe/Kaliningrad")
	add(180, nil, "Europe/Istanbul", "Europe/Kirov", "Europe/Minsk", "Europe/Moscow", "Europe/Simferopol", "Europe/Volgograd")
	add(240, nil, "Europe/Astrakhan", "Europe/Samara", "Europe/Saratov", "Europe/Ulyanovsk")
	add(-210, usRule, "America/St_Johns")
	add(-240, usRule, "America/Halifax")
	add(-240, nil, "America/Puerto_Rico")
	add(-300, usRule, "America/New_York", "America/Toronto", "America/Detroit", "America/Indiana/Indianapolis",
		"America/Kentucky/Louisville")
	add(-360, usRule, "America/Chicago", "America/Winnipeg")
	add(-360, nil, "America/Regina", "America/Mexico_City")
	add(-420, usRule, "America/Denver", "America/Edmonton", "America/Boise")
	add(-420, nil, "America/Phoenix")
	add(-480, usRule, "America/Los_Angeles", "America/Vancouver")
	add(-540, usRule, "America/Anchorage")
	add(-600, nil, "Pacific/Honolulu")
}

// timeSettings are the tcpIpApp.sntp attributes for zone name, or nil for
// a zone Poly's rule cannot hold (the phone keeps its own setting).
func timeSettings(name string) [][2]string {
	z, ok := timeZones[name]
	if !ok {
		return nil
	}
	const p = "tcpIpApp.sntp."
	out := [][2]string{
		{p + "gmtOffset", strconv.Itoa(z.offset * 60)},
		{p + "gmtOffset.overrideDHCP", "1"},
	}
	if z.dst == nil {
		return append(out, [2]string{p + "daylightSavings.enable", "0"})
	}
	d := p + "daylightSavings."
	bit := map[bool]string{false: "0", true: "1"}
	return append(out,
		[2]string{d + "enable", "1"},
		[2]string{d + "fixedDayEnable", "0"},
		[2]string{d + "start.month", strconv.Itoa(z.dst.startMonth)},
		[2]string{d + "start.date", strconv.Itoa(z.dst.startDate)},
		[2]string{d + "start.time", strconv.Itoa(z.dst.startTime)},
		[2]string{d + "start.dayOfWeek", "1"},
		[2]string{d + "start.dayOfWeek.lastInMonth", bit[z.dst.startLast]},
		[2]string{d + "stop.month", strconv.Itoa(z.dst.stopMonth)},
		[2]string{d + "stop.date", strconv.Itoa(z.dst.stopDate)},
		[2]string{d + "stop.time", strconv.Itoa(z.dst.stopTime)},
		[2]string{d + "stop.dayOfWeek", "1"},
		[2]string{d + "stop.dayOfWeek.lastInMonth", bit[z.dst.stopLast]},
	)
}
