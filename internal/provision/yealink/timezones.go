package yealink

// zone is how a Yealink phone is told one IANA time zone:
// local_time.time_zone (the standard offset from UTC, "+1", "-3:30"),
// local_time.time_zone_name (an entry of the firmware's own time zone
// table) and the daylight saving rule, if the zone has one.
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
type zone struct {
	offset, name string
	dst          *dstRule
}

// dstRule is a summer time rule in the firmware's "by week" form
// (local_time.dst_time_type = 1): month/week of month (5 = last)/day of
// week (1 = Monday … 7 = Sunday)/hour, in local standard time at the start
// and local summer time at the end, as the Yealink admin guide's
// local_time.start_time describes it; the shift is offset_time minutes.
type dstRule struct{ start, end string }

// Summer time rules. The EU changes at 01:00 UTC on the last Sundays of
// March and October; the United States and Canada at 02:00 local time on
// the second Sunday of March and the first Sunday of November.
var (
	euWET    = &dstRule{"3/5/7/1", "10/5/7/2"}
	euCET    = &dstRule{"3/5/7/2", "10/5/7/3"}
	euEET    = &dstRule{"3/5/7/3", "10/5/7/4"}
	euAzores = &dstRule{"3/5/7/0", "10/5/7/1"}
	moldova  = &dstRule{"3/5/7/2", "10/5/7/3"}
	northAm  = &dstRule{"3/2/7/2", "11/1/7/2"}
)

// dstShift is local_time.offset_time: every zone here shifts by an hour.
const dstShift = "60"

// timeZones covers every European IANA zone, UTC and the main North
// American zones. A zone not listed is left to the phone's setting
// (written as %NULL%, the firmware's default).
var timeZones = map[string]zone{
	"UTC": {"0", "GMT", nil}, "Etc/UTC": {"0", "GMT", nil}, "Etc/GMT": {"0", "GMT", nil}, "GMT": {"0", "GMT", nil},
	"Etc/Universal": {"0", "GMT", nil}, "Etc/Zulu": {"0", "GMT", nil}, "Atlantic/Reykjavik": {"0", "GMT", nil},

	// Western European time.
	"Europe/London": {"0", "United Kingdom(London)", euWET}, "Europe/Belfast": {"0", "United Kingdom(London)", euWET},
	"Europe/Guernsey": {"0", "United Kingdom(London)", euWET}, "Europe/Isle_of_Man": {"0", "United Kingdom(London)", euWET},
	"Europe/Jersey": {"0", "United Kingdom(London)", euWET}, "Europe/Dublin": {"0", "Ireland(Dublin)", euWET},
	"Europe/Lisbon": {"0", "Portugal(Lisboa,Porto,Funchal)", euWET}, "Atlantic/Madeira": {"0", "Portugal(Lisboa,Porto,Funchal)", euWET},
	"Atlantic/Canary": {"0", "Spain-Canary Islands(Las Palmas)", euWET}, "Atlantic/Faroe": {"0", "Denmark-Faroe Islands(Torshavn)", euWET},
	"Atlantic/Azores": {"-1", "Portugal(Azores)", euAzores},

	// Central European time.
	"Europe/Amsterdam": {"+1", "Netherlands(Amsterdam)", euCET}, "Europe/Andorra": {"+1", "France(Paris)", euCET},
	"Europe/Belgrade": {"+1", "Serbia(Belgrade)", euCET}, "Europe/Berlin": {"+1", "Germany(Berlin)", euCET},
	"Europe/Bratislava": {"+1", "Czech Republic(Prague)", euCET}, "Europe/Brussels": {"+1", "Belgium(Brussels)", euCET},
	"Europe/Budapest": {"+1", "Hungary(Budapest)", euCET}, "Europe/Busingen": {"+1", "Germany(Berlin)", euCET},
	"Europe/Copenhagen": {"+1", "Denmark(Kopenhagen)", euCET}, "Europe/Gibraltar": {"+1", "France(Paris)", euCET},
	"Europe/Ljubljana": {"+1", "Slovenia(Ljubljana)", euCET}, "Europe/Luxembourg": {"+1", "Luxembourg(Luxembourg)", euCET},
	"Europe/Madrid": {"+1", "France(Paris)", euCET}, "Europe/Malta": {"+1", "Italy(Rome)", euCET},
	"Europe/Monaco": {"+1", "France(Paris)", euCET}, "Europe/Oslo": {"+1", "Sweden(Stockholm)", euCET},
	"Europe/Paris": {"+1", "France(Paris)", euCET}, "Europe/Podgorica": {"+1", "Montenegro(Podgorica)", euCET},
	"Europe/Prague": {"+1", "Czech Republic(Prague)", euCET}, "Europe/Rome": {"+1", "Italy(Rome)", euCET},
	"Europe/San_Marino": {"+1", "Italy(Rome)", euCET}, "Europe/Sarajevo": {"+1", "Bosnia and Herzegovina(Sarajevo)", euCET},
	"Europe/Skopje": {"+1", "Macedonia(Skopje)", euCET}, "Europe/Stockholm": {"+1", "Sweden(Stockholm)", euCET},
	"Europe/Tirane": {"+1", "Albania(Tirane)", euCET}, "Europe/Vaduz": {"+1", "Austria(Vienna)", euCET},
	"Europe/Vatican": {"+1", "Italy(Rome)", euCET}, "Europe/Vienna": {"+1", "Austria(Vienna)", euCET},
	"Europe/Warsaw": {"+1", "Germany(Berlin)", euCET}, "Europe/Zagreb": {"+1", "Croatia(Zagreb)", euCET},
	"Europe/Zurich": {"+1", "Germany(Berlin)", euCET}, "Arctic/Longyearbyen": {"+1", "Sweden(Stockholm)", euCET},

	// Eastern European time.
	"Europe/Athens": {"+2", "Greece(Athens)", euEET}, "Europe/Bucharest": {"+2", "Romania(Bucharest)", euEET},
	"Europe/Helsinki": {"+2", "Finland(Helsinki)", euEET}, "Europe/Mariehamn": {"+2", "Finland(Helsinki)", euEET},
	"Europe/Kyiv": {"+2", "Ukraine(Kyiv,Odessa)", euEET}, "Europe/Kiev": {"+2", "Ukraine(Kyiv,Odessa)", euEET},
	"Europe/Uzhgorod": {"+2", "Ukraine(Kyiv,Odessa)", euEET}, "Europe/Zaporozhye": {"+2", "Ukraine(Kyiv,Odessa)", euEET},
	"Europe/Riga": {"+2", "Latvia(Riga)", euEET}, "Europe/Vilnius": {"+2", "Latvia(Riga)", euEET},
	"Europe/Tallinn": {"+2", "Estonia(Tallinn)", euEET}, "Europe/Sofia": {"+2", "Romania(Bucharest)", euEET},
	"Europe/Nicosia": {"+2", "Greece(Athens)", euEET}, "Asia/Nicosia": {"+2", "Greece(Athens)", euEET},
	"Europe/Chisinau": {"+2", "Moldova(Kishinev)", moldova}, "Europe/Tiraspol": {"+2", "Moldova(Kishinev)", moldova},
	"Europe/Kaliningrad": {"+2", "Russia(Kaliningrad)", nil},

	// Zones east of the EU, without summer time.
	"Europe/Moscow": {"+3", "Russia(Moscow)", nil}, "Europe/Simferopol": {"+3", "Russia(Moscow)", nil},
	"Europe/Kirov": {"+3", "Russia(Moscow)", nil}, "Europe/Volgograd": {"+3", "Russia(Moscow)", nil},
	"Europe/Minsk": {"+3", "Russia(Moscow)", nil}, "Europe/Istanbul": {"+3", "East Africa Time", nil},
	"Europe/Samara": {"+4", "Russia(Samara)", nil}, "Europe/Astrakhan": {"+4", "Russia(Samara)", nil},
	"Europe/Saratov": {"+4", "Russia(Samara)", nil}, "Europe/Ulyanovsk": {"+4", "Russia(Samara)", nil},

	// North America.
	"America/St_Johns": {"-3:30", "Canada-New Foundland(St.Johns)", northAm},
	"America/Halifax":  {"-4", "Canada(Halifax,Saint John)", northAm},
	"America/New_York": {"-5", "United States-Eastern Time", northAm}, "America/Detroit": {"-5", "United States-Eastern Time", northAm},
	"America/Indiana/Indianapolis": {"-5", "United States-Eastern Time", northAm}, "America/Kentucky/Louisville": {"-5", "United States-Eastern Time", northAm},
	"America/Toronto": {"-5", "Canada(Montreal,Ottawa,Quebec)", northAm}, "America/Montreal": {"-5", "Canada(Montreal,Ottawa,Quebec)", northAm},
	"America/Chicago": {"-6", "United States-Central Time", northAm}, "America/Winnipeg": {"-6", "Canada-Manitoba(Winnipeg)", northAm},
	"America/Regina": {"-6", "Canada-Manitoba(Winnipeg)", nil}, "America/Mexico_City": {"-6", "Mexico(Mexico City,Acapulco)", nil},
	"America/Denver": {"-7", "United States-Mountain Time", northAm}, "America/Boise": {"-7", "United States-Mountain Time", northAm},
	"America/Edmonton": {"-7", "Canada(Edmonton,Calgary)", northAm}, "America/Phoenix": {"-7", "United States-MST no DST", nil},
	"America/Los_Angeles": {"-8", "United States-Pacific Time", northAm}, "America/Vancouver": {"-8", "Canada(Vancouver,Whitehorse)", northAm},
	"America/Anchorage": {"-9", "United States-Alaska Time", northAm}, "Pacific/Honolulu": {"-10", "United States-Hawaii-Aleutian", nil},
}
