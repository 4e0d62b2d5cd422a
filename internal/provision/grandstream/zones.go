package grandstream

// Time zones. P64 takes one of the values of the time zone list in the
// official configuration templates (GXP21xx 1.0.10.35 and GRP261x
// 1.0.9.103, "Settings/Preferences/Date and Time", Time Zone), or
// "customize", in which case P246 ("Self-Defined Time Zone", at most 64
// characters) holds a POSIX rule. Where the list has an entry with the
// zone's offsets and daylight saving rule it is used as it is; every
// other zone is written as "customize" with its own rule. The two
// templates disagree on some entries (GRP: Helsinki ends DST on the 4th
// Sunday of October, Newfoundland switches at 02:00; GXP: last Sunday,
// 00:01): such entries are not used, those zones get their own rule.

// customize is the P64 value that makes the phone read P246.
const customize = "customize"

// Entries of the template list that the zones below use; all of them are
// in both templates with the same text.
const (
	listCET     = "CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00"
	listEET     = "EET-2EEST,M3.5.0/3,M10.5.0/4" // "Kyiv, Ukraine"
	listLondon  = "GMT+0BST-1,M3.5.0/01:00:00,M10.5.0/02:00:00"
	listLisbon  = "WET-0WEST-1,M3.5.0/01:00:00,M10.5.0/02:00:00"
	listDublin  = "GMT+0IST-1,M3.5.0/01:00:00,M10.5.0/02:00:00"
	listEastern = "EST5EDT"
	listCentral = "CST6CDT"
	listMount   = "MST7MDT"
	listArizona = "MST7"
	listPacific = "PST8PDT"
	listAlaska  = "AKST9AKDT"
	listHawaii  = "HAW10"
	listAtlant  = "AST4ADT"
)

// listed are the template list entries used above.
var listed = map[string]bool{
	listCET: true, listEET: true, listLondon: true, listLisbon: true, listDublin: true,
	listEastern: true, listCentral: true, listMount: true, listArizona: true, listPacific: true,
	listAlaska: true, listHawaii: true, listAtlant: true,
}

// zoneRules maps IANA names to a template list entry or to the POSIX rule
// written into P246: every European zone, UTC and the main North American
// zones (rules as in the IANA tz database's POSIX footers, 2024).
var zoneRules = func() map[string]string {
	m := map[string]string{}
	add := func(rule string, zones ...string) {
		for _, z := range zones {
			m[z] = rule
		}
	}
	add(listCET, "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Berlin", "Europe/Bratislava",
		"Europe/Brussels", "Europe/Budapest", "Europe/Busingen", "Europe/Copenhagen", "Europe/Gibraltar",
		"Europe/Ljubljana", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo",
		"Europe/Paris", "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo",
		"Europe/Skopje", "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna",
		"Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "Arctic/Longyearbyen", "Africa/Ceuta", "CET")
	add(listEET, "Europe/Athens", "Europe/Bucharest", "Europe/Helsinki", "Europe/Kyiv", "Europe/Kiev",
		"Europe/Mariehamn", "Europe/Riga", "Europe/Sofia", "Europe/Tallinn", "Europe/Vilnius", "Europe/Uzhgorod",
		"Europe/Zaporozhye", "Europe/Nicosia", "Asia/Nicosia", "Asia/Famagusta", "EET")
	add(listLondon, "Europe/London", "Europe/Belfast", "Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey", "GB")
	add(listLisbon, "Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Canary", "Atlantic/Faroe", "Atlantic/Faeroe", "WET", "Portugal")
	add(listDublin, "Europe/Dublin", "Eire")
	add("EET-2EEST,M3.5.0,M10.5.0/3", "Europe/Chisinau", "Europe/Tiraspol")
	add("EET-2", "Europe/Kaliningrad")
	add("MSK-3", "Europe/Moscow", "Europe/Simferopol", "Europe/Kirov", "Europe/Volgograd", "W-SU")
	add("FET-3", "Europe/Minsk")
	add("TRT-3", "Europe/Istanbul", "Asia/Istanbul", "Turkey")
	add("SAMT-4", "Europe/Samara", "Europe/Astrakhan", "Europe/Saratov", "Europe/Ulyanovsk")
	add("AZOT1AZOST,M3.5.0/0,M10.5.0/1", "Atlantic/Azores")
	add("GMT0", "Atlantic/Reykjavik", "Iceland", "GMT", "Etc/GMT", "Greenwich")
	add("UTC0", "UTC", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "Zulu", "UCT", "Universal")
	add(listEastern, "America/New_York", "America/Detroit", "America/Toronto", "America/Montreal", "America/Nassau",
		"America/Indiana/Indianapolis", "America/Indianapolis", "America/Kentucky/Louisville", "America/Louisville",
		"US/Eastern", "Canada/Eastern", "EST5EDT")
	add(listCentral, "America/Chicago", "America/Winnipeg", "America/Indiana/Knox", "America/Menominee",
		"America/North_Dakota/Center", "US/Central", "Canada/Central", "CST6CDT")
	add(listMount, "America/Denver", "America/Edmonton", "America/Boise", "US/Mountain", "Canada/Mountain", "MST7MDT")
	add(listArizona, "America/Phoenix", "US/Arizona", "America/Creston", "MST")
	add(listPacific, "America/Los_Angeles", "America/Vancouver", "America/Tijuana", "US/Pacific", "Canada/Pacific", "PST8PDT")
	add(listAlaska, "America/Anchorage", "America/Juneau", "America/Nome", "America/Sitka", "America/Yakutat", "US/Alaska")
	add(listHawaii, "Pacific/Honolulu", "US/Hawaii", "HST")
	add(listAtlant, "America/Halifax", "America/Glace_Bay", "America/Moncton", "America/Goose_Bay", "Atlantic/Bermuda",
		"America/Thule", "Canada/Atlantic")
	add("NST3:30NDT,M3.2.0,M11.1.0", "America/St_Johns", "Canada/Newfoundland")
	add("CST6", "America/Regina", "America/Swift_Current", "Canada/Saskatchewan", "America/Mexico_City",
		"America/Monterrey", "America/Merida", "America/Guatemala", "America/Costa_Rica", "America/El_Salvador",
		"America/Tegucigalpa", "America/Managua", "America/Belize")
	add("EST5", "America/Cancun", "America/Panama", "America/Jamaica", "America/Atikokan")
	add("AST4", "America/Puerto_Rico", "America/Santo_Domingo", "America/Barbados", "America/Martinique")
	return m
}()

// timeZone returns the P64 value for an IANA zone and, for "customize",
// the rule for P246; ok is false for a zone left to the phone's default.
func timeZone(iana string) (p64, p246 string, ok bool) {
	rule, ok := zoneRules[iana]
	switch {
	case !ok:
		return "", "", false
	case listed[rule]:
		return rule, "", true
	}
	return customize, rule, true
}
