package audiocodes

// zone is what a time zone setting needs of an IANA zone: the standard
// offset from UTC in minutes and the daylight saving rule, if any.
type zone struct {
	offset int
	dst    *dstRule
}

// dstRule is a yearly daylight saving period: it starts in month
// startMonth on the week-th Sunday (5: the last) at startHour local
// standard time, and ends in endMonth at endHour local summer time; the
// clock goes one hour forward.
type dstRule struct {
	startMonth, startWeek, startHour int
	endMonth, endWeek, endHour       int
}

// euRule is the European Union's rule for a zone offset hours east of
// UTC: summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC
// on the last Sunday of October.
func euRule(offset int) *dstRule {
	return &dstRule{3, 5, 1 + offset, 10, 5, 2 + offset}
}

// usRule is the rule of the United States and Canada: from 02:00 local
// time on the second Sunday of March to 02:00 on the first Sunday of
// November.
var usRule = &dstRule{3, 2, 2, 11, 1, 2}

// moldovaRule is Moldova's: from 02:00 on the last Sunday of March to
// 03:00 on the last Sunday of October, local time.
var moldovaRule = &dstRule{3, 5, 2, 10, 5, 3}

// zones covers every European IANA zone, UTC and the main North American
// zones; a zone not listed is left to the device's own setting. The test
// checks every entry against Go's time zone database.
var zones = func() map[string]zone {
	z := map[string]zone{}
	add := func(offset int, dst *dstRule, names ...string) {
		for _, n := range names {
			z[n] = zone{offset: offset, dst: dst}
		}
	}
	add(0, nil, "UTC", "Etc/UTC", "Etc/GMT", "GMT", "Atlantic/Reykjavik")
	add(0, euRule(0), "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Guernsey", "Europe/Isle_of_Man",
		"Europe/Jersey", "Europe/Belfast", "Atlantic/Canary", "Atlantic/Faroe", "Atlantic/Madeira")
	add(60, euRule(1), "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Berlin", "Europe/Bratislava",
		"Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen", "Europe/Gibraltar",
		"Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo",
		"Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo",
		"Europe/Skopje", "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna",
		"Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "Arctic/Longyearbyen")
	add(120, euRule(2), "Europe/Athens", "Europe/Bucharest", "Europe/Helsinki", "Europe/Kiev", "Europe/Kyiv",
		"Europe/Mariehamn", "Europe/Riga", "Europe/Sofia", "Europe/Tallinn", "Europe/Uzhgorod", "Europe/Vilnius",
		"Europe/Zaporozhye", "Europe/Nicosia", "Asia/Nicosia", "Asia/Famagusta")
	add(120, moldovaRule, "Europe/Chisinau", "Europe/Tiraspol")
	add(120, nil, "Europe/Kaliningrad")
	add(180, nil, "Europe/Istanbul", "Europe/Kirov", "Europe/Minsk", "Europe/Moscow", "Europe/Simferopol",
		"Europe/Volgograd", "Asia/Istanbul")
	add(240, nil, "Europe/Astrakhan", "Europe/Samara", "Europe/Saratov", "Europe/Ulyanovsk")
	add(-210, usRule, "America/St_Johns")
	add(-240, usRule, "America/Halifax")
	add(-240, nil, "America/Puerto_Rico")
	add(-300, usRule, "America/New_York", "America/Detroit", "America/Toronto", "America/Indiana/Indianapolis")
	add(-360, usRule, "America/Chicago", "America/Winnipeg")
	add(-360, nil, "America/Regina", "America/Mexico_City")
	add(-420, usRule, "America/Denver", "America/Edmonton", "America/Boise")
	add(-420, nil, "America/Phoenix")
	add(-480, usRule, "America/Los_Angeles", "America/Vancouver")
	add(-540, usRule, "America/Anchorage")
	add(-600, nil, "Pacific/Honolulu")
	return z
}()
