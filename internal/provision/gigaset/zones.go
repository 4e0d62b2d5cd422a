package gigaset

// timeZones maps IANA names to the names the base accepts for
// DmGlobal.0.TimeZone: the IANA names of wazo's list of valid Gigaset
// zones (srcTZ) as they are, and zones missing from that list to a listed
// zone with the same offsets and daylight saving rules (vendorkit.ZoneOf;
// zones_test.go checks each such pair against it). Every European
// zone but the Azores, UTC and the main North American zones are covered;
// others are left to the base's default.
var timeZones = func() map[string]string {
	m := map[string]string{}
	for _, z := range []string{
		"Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Chicago",
		"America/New_York", "America/Caracas", "America/Sao_Paulo", "Europe/Belfast", "Europe/Dublin",
		"Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey", "Europe/Lisbon", "Europe/London", "Greenwich",
		"Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Berlin", "Europe/Bratislava",
		"Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen", "Europe/Gibraltar",
		"Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo",
		"Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo",
		"Europe/Skopje", "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna",
		"Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "Africa/Cairo", "Europe/Athens", "Europe/Bucharest",
		"Europe/Chisinau", "Europe/Helsinki", "Europe/Kaliningrad", "Europe/Kiev", "Europe/Mariehamn",
		"Europe/Nicosia", "Europe/Riga", "Europe/Sofia", "Europe/Tallinn", "Europe/Tiraspol", "Europe/Uzhgorod",
		"Europe/Vilnius", "Europe/Zaporozhye", "Europe/Istanbul", "Europe/Kirov", "Europe/Minsk", "Europe/Moscow",
		"Europe/Simferopol", "Europe/Volgograd", "Asia/Dubai", "Europe/Astrakhan", "Europe/Samara",
		"Europe/Ulyanovsk", "Asia/Karachi", "Asia/Dhaka", "Asia/Hong_Kong", "Asia/Tokyo", "Australia/Adelaide",
		"Australia/Darwin", "Australia/Brisbane", "Australia/Sydney", "Pacific/Noumea",
	} {
		m[z] = z
	}
	same := map[string][]string{
		"Europe/Kiev":         {"Europe/Kyiv"},
		"Europe/Samara":       {"Europe/Saratov"},
		"Europe/Oslo":         {"Arctic/Longyearbyen"},
		"Europe/Madrid":       {"Africa/Ceuta"},
		"Europe/Lisbon":       {"Atlantic/Canary", "Atlantic/Madeira", "Atlantic/Faroe", "Atlantic/Faeroe"},
		"Europe/Nicosia":      {"Asia/Nicosia", "Asia/Famagusta"},
		"Europe/Istanbul":     {"Asia/Istanbul"},
		"Greenwich":           {"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Atlantic/Reykjavik"},
		"America/New_York":    {"America/Toronto", "America/Detroit", "America/Montreal", "America/Indiana/Indianapolis"},
		"America/Chicago":     {"America/Winnipeg"},
		"America/Denver":      {"America/Edmonton", "America/Boise"},
		"America/Los_Angeles": {"America/Vancouver", "America/Tijuana"},
	}
	for listed, zones := range same {
		for _, z := range zones {
			m[z] = listed
		}
	}
	return m
}()
