package yealink

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// A Yealink phone is told an IANA time zone as local_time.time_zone (the
// standard offset from UTC, "+1", "-3:30"), local_time.time_zone_name (an
// entry of the firmware's own time zone table) and the daylight saving
// rule, if the zone has one.
//
// The firmware can apply daylight saving time itself by the zone name
// (local_time.summer_time = 2), but its table is old: the copy of it in
// FusionPBX (app/yealink/resources/auto_dst.xml @ c7a00dc) still gives
// Moscow, Kaliningrad and Turkey a summer time and United States-Mountain
// Time none. So Switchboard writes the rule itself (summer_time = 1, by
// week, as wazo-provd-plugins plugins/wazo_yealink/common/common.py
// _format_tz_info does) or turns summer time off (0); the name then only
// labels the zone in the phone's menus. Names are those of that table;
// where the table has no entry for a country, the entry of a neighbour with
// the same offset and rule stands in.

// zoneOffset writes a standard offset in minutes as local_time.time_zone:
// "0", "+1", "-3:30".
func zoneOffset(minutes int) string { return vendorkit.OffsetHours(minutes, "+") }

// dstChange writes a change of a summer time rule in the firmware's "by
// week" form (local_time.dst_time_type = 1): month/week of month (5 = the
// last)/day of week (1 = Monday … 7 = Sunday)/hour, in local standard time
// at the start and local summer time at the end, as the Yealink admin
// guide's local_time.start_time describes it.
func dstChange(c vendorkit.Change) string {
	return fmt.Sprintf("%d/%d/%d/%d", c.Month, c.Week, c.ISOWeekday(), c.Hour)
}

// zoneNames are the local_time.time_zone_name values for every European
// IANA zone, UTC and the main North American zones; the offset and rule
// come from vendorkit.ZoneOf. A zone not listed is left to the phone's
// setting (written as %NULL%, the firmware's default).
var zoneNames = map[string]string{
	"UTC": "GMT", "Etc/UTC": "GMT", "Etc/GMT": "GMT", "GMT": "GMT",
	"Etc/Universal": "GMT", "Etc/Zulu": "GMT", "Atlantic/Reykjavik": "GMT",

	// Western European time.
	"Europe/London": "United Kingdom(London)", "Europe/Belfast": "United Kingdom(London)",
	"Europe/Guernsey": "United Kingdom(London)", "Europe/Isle_of_Man": "United Kingdom(London)",
	"Europe/Jersey": "United Kingdom(London)", "Europe/Dublin": "Ireland(Dublin)",
	"Europe/Lisbon": "Portugal(Lisboa,Porto,Funchal)", "Atlantic/Madeira": "Portugal(Lisboa,Porto,Funchal)",
	"Atlantic/Canary": "Spain-Canary Islands(Las Palmas)", "Atlantic/Faroe": "Denmark-Faroe Islands(Torshavn)",
	"Atlantic/Azores": "Portugal(Azores)",

	// Central European time.
	"Europe/Amsterdam": "Netherlands(Amsterdam)", "Europe/Andorra": "France(Paris)",
	"Europe/Belgrade": "Serbia(Belgrade)", "Europe/Berlin": "Germany(Berlin)",
	"Europe/Bratislava": "Czech Republic(Prague)", "Europe/Brussels": "Belgium(Brussels)",
	"Europe/Budapest": "Hungary(Budapest)", "Europe/Busingen": "Germany(Berlin)",
	"Europe/Copenhagen": "Denmark(Kopenhagen)", "Europe/Gibraltar": "France(Paris)",
	"Europe/Ljubljana": "Slovenia(Ljubljana)", "Europe/Luxembourg": "Luxembourg(Luxembourg)",
	"Europe/Madrid": "France(Paris)", "Europe/Malta": "Italy(Rome)",
	"Europe/Monaco": "France(Paris)", "Europe/Oslo": "Sweden(Stockholm)",
	"Europe/Paris": "France(Paris)", "Europe/Podgorica": "Montenegro(Podgorica)",
	"Europe/Prague": "Czech Republic(Prague)", "Europe/Rome": "Italy(Rome)",
	"Europe/San_Marino": "Italy(Rome)", "Europe/Sarajevo": "Bosnia and Herzegovina(Sarajevo)",
	"Europe/Skopje": "Macedonia(Skopje)", "Europe/Stockholm": "Sweden(Stockholm)",
	"Europe/Tirane": "Albania(Tirane)", "Europe/Vaduz": "Austria(Vienna)",
	"Europe/Vatican": "Italy(Rome)", "Europe/Vienna": "Austria(Vienna)",
	"Europe/Warsaw": "Germany(Berlin)", "Europe/Zagreb": "Croatia(Zagreb)",
	"Europe/Zurich": "Germany(Berlin)", "Arctic/Longyearbyen": "Sweden(Stockholm)",

	// Eastern European time.
	"Europe/Athens": "Greece(Athens)", "Europe/Bucharest": "Romania(Bucharest)",
	"Europe/Helsinki": "Finland(Helsinki)", "Europe/Mariehamn": "Finland(Helsinki)",
	"Europe/Kyiv": "Ukraine(Kyiv,Odessa)", "Europe/Kiev": "Ukraine(Kyiv,Odessa)",
	"Europe/Uzhgorod": "Ukraine(Kyiv,Odessa)", "Europe/Zaporozhye": "Ukraine(Kyiv,Odessa)",
	"Europe/Riga": "Latvia(Riga)", "Europe/Vilnius": "Latvia(Riga)",
	"Europe/Tallinn": "Estonia(Tallinn)", "Europe/Sofia": "Romania(Bucharest)",
	"Europe/Nicosia": "Greece(Athens)", "Asia/Nicosia": "Greece(Athens)",
	"Europe/Chisinau": "Moldova(Kishinev)", "Europe/Tiraspol": "Moldova(Kishinev)",
	"Europe/Kaliningrad": "Russia(Kaliningrad)",

	// Zones east of the EU, without summer time.
	"Europe/Moscow": "Russia(Moscow)", "Europe/Simferopol": "Russia(Moscow)",
	"Europe/Kirov": "Russia(Moscow)", "Europe/Volgograd": "Russia(Moscow)",
	"Europe/Minsk": "Russia(Moscow)", "Europe/Istanbul": "East Africa Time",
	"Europe/Samara": "Russia(Samara)", "Europe/Astrakhan": "Russia(Samara)",
	"Europe/Saratov": "Russia(Samara)", "Europe/Ulyanovsk": "Russia(Samara)",

	// North America.
	"America/St_Johns": "Canada-New Foundland(St.Johns)",
	"America/Halifax":  "Canada(Halifax,Saint John)",
	"America/New_York": "United States-Eastern Time", "America/Detroit": "United States-Eastern Time",
	"America/Indiana/Indianapolis": "United States-Eastern Time", "America/Kentucky/Louisville": "United States-Eastern Time",
	"America/Toronto": "Canada(Montreal,Ottawa,Quebec)", "America/Montreal": "Canada(Montreal,Ottawa,Quebec)",
	"America/Chicago": "United States-Central Time", "America/Winnipeg": "Canada-Manitoba(Winnipeg)",
	"America/Regina": "Canada-Manitoba(Winnipeg)", "America/Mexico_City": "Mexico(Mexico City,Acapulco)",
	"America/Denver": "United States-Mountain Time", "America/Boise": "United States-Mountain Time",
	"America/Edmonton": "Canada(Edmonton,Calgary)", "America/Phoenix": "United States-MST no DST",
	"America/Los_Angeles": "United States-Pacific Time", "America/Vancouver": "Canada(Vancouver,Whitehorse)",
	"America/Anchorage": "United States-Alaska Time", "Pacific/Honolulu": "United States-Hawaii-Aleutian",
}
