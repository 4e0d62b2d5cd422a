package grandstream

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

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

// listEntries maps IANA names to the template list entry P64 takes for
// them: the zones whose offsets and daylight saving rule (vendorkit.ZoneOf)
// are those of the entry. Which of several entries with the same rule a
// zone gets (London, Lisbon, Dublin) follows its name.
var listEntries = func() map[string]string {
	m := map[string]string{}
	add := func(entry string, zones ...string) {
		for _, z := range zones {
			m[z] = entry
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
	return m
}()

// abbreviations are the standard and daylight time abbreviations of the
// POSIX rule written into P246 for the zones without a list entry (as in
// the IANA tz database's POSIX footers, 2024); the offsets and rule come
// from vendorkit.ZoneOf. A zone in neither table is left to the phone.
var abbreviations = func() map[string][2]string {
	m := map[string][2]string{}
	add := func(std, dst string, zones ...string) {
		for _, z := range zones {
			m[z] = [2]string{std, dst}
		}
	}
	add("EET", "EEST", "Europe/Chisinau", "Europe/Tiraspol")
	add("EET", "", "Europe/Kaliningrad")
	add("MSK", "", "Europe/Moscow", "Europe/Simferopol", "Europe/Kirov", "Europe/Volgograd", "W-SU")
	add("FET", "", "Europe/Minsk")
	add("TRT", "", "Europe/Istanbul", "Asia/Istanbul", "Turkey")
	add("SAMT", "", "Europe/Samara", "Europe/Astrakhan", "Europe/Saratov", "Europe/Ulyanovsk")
	add("AZOT", "AZOST", "Atlantic/Azores")
	add("GMT", "", "Atlantic/Reykjavik", "Iceland", "GMT", "Etc/GMT", "Greenwich")
	add("UTC", "", "UTC", "Etc/UTC", "Etc/UCT", "Etc/Zulu", "Etc/Universal", "Zulu", "UCT", "Universal")
	add("NST", "NDT", "America/St_Johns", "Canada/Newfoundland")
	add("CST", "", "America/Regina", "America/Swift_Current", "Canada/Saskatchewan", "America/Mexico_City",
		"America/Monterrey", "America/Merida", "America/Guatemala", "America/Costa_Rica", "America/El_Salvador",
		"America/Tegucigalpa", "America/Managua", "America/Belize")
	add("EST", "", "America/Cancun", "America/Panama", "America/Jamaica", "America/Atikokan")
	add("AST", "", "America/Puerto_Rico", "America/Santo_Domingo", "America/Barbados", "America/Martinique")
	return m
}()

// posixRule writes z as a POSIX TZ rule with the abbreviations names, the
// way the tz database's footers do: the offset west of UTC in hours
// ("NST3:30"), and each change as M<month>.<week, 5 the last>.<weekday, 0
// Sunday> with the hour left out when it is 02:00
// ("EET-2EEST,M3.5.0,M10.5.0/3").
func posixRule(z vendorkit.Zone, names [2]string) string {
	rule := names[0] + vendorkit.OffsetHours(-z.Offset, "")
	if z.DST == nil {
		return rule
	}
	rule += names[1]
	if z.DST.Save != 60 {
		rule += vendorkit.OffsetHours(-z.Offset-z.DST.Save, "")
	}
	for _, c := range []vendorkit.Change{z.DST.Start, z.DST.End} {
		rule += fmt.Sprintf(",M%d.%d.%d", c.Month, c.Week, c.Weekday)
		if c.Hour != 2 {
			rule += fmt.Sprintf("/%d", c.Hour)
		}
	}
	return rule
}

// timeZone returns the P64 value for an IANA zone and, for "customize",
// the rule for P246; ok is false for a zone left to the phone's default.
func timeZone(iana string) (p64, p246 string, ok bool) {
	if entry, ok := listEntries[iana]; ok {
		return entry, "", true
	}
	z, known := vendorkit.ZoneOf(iana)
	names, named := abbreviations[iana]
	if !known || !named {
		return "", "", false
	}
	return customize, posixRule(z, names), true
}
