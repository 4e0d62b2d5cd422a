package snom

// timeZones are the timezone values for the IANA zones Render encodes.
// A Snom zone is a country code with its standard UTC offset; the firmware
// applies that country's daylight saving rule (Snom wiki setting
// timezone; the values are those of the phone's zone list, as in
// VoIP-Domain/voipdomain Daemons/client-modules/equipments-snom/client.php
// @ c900e153). A zone whose country has no code of its own takes the code
// of a country with the same offset and the same rule: the EU rule for
// the EU's members and neighbours, a country without daylight saving for
// a zone without it (East Africa for the Moscow and Istanbul zones,
// Central Africa for Kaliningrad, Georgia for +4, Central America for
// Mexico City since Mexico dropped daylight saving in 2022). Codes whose
// firmware rule may predate a country's change (RUS, TUR, BLR, MEX) are
// avoided. The list has no code for plain UTC or for Iceland (UTC all
// year): those zones are left at the phone's own setting. USA2-7 and
// CAN2-6 are the list's variants without daylight saving (Arizona,
// Saskatchewan); Snom's wiki was not at hand to confirm their names.
// timezones_test.go checks each code's offset against vendorkit.ZoneOf.
var timeZones = map[string]string{}

func init() {
	add := func(code string, names ...string) {
		for _, n := range names {
			timeZones[n] = code
		}
	}
	add("GBR-0", "Europe/London", "Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey")
	add("IRL-0", "Europe/Dublin")
	add("PRT-0", "Europe/Lisbon", "Atlantic/Madeira")
	add("ESP-0", "Atlantic/Canary")
	add("FRO-0", "Atlantic/Faroe")
	add("PRT-1", "Atlantic/Azores")
	add("GER+1", "Europe/Berlin", "Europe/Busingen")
	add("FRA+1", "Europe/Paris", "Europe/Monaco")
	add("ESP+1", "Europe/Madrid", "Europe/Andorra")
	add("ITA+1", "Europe/Rome", "Europe/Vatican", "Europe/San_Marino", "Europe/Malta")
	add("NLD+1", "Europe/Amsterdam")
	add("BEL+1", "Europe/Brussels")
	add("LUX+1", "Europe/Luxembourg")
	add("AUT+1", "Europe/Vienna")
	add("CHE+1", "Europe/Zurich", "Europe/Vaduz")
	add("DNK+1", "Europe/Copenhagen")
	add("NOR+1", "Europe/Oslo", "Arctic/Longyearbyen")
	add("SWE+1", "Europe/Stockholm")
	add("POL+1", "Europe/Warsaw")
	add("CZE+1", "Europe/Prague")
	add("SVK+1", "Europe/Bratislava")
	add("HUN+1", "Europe/Budapest")
	add("HRV+1", "Europe/Zagreb", "Europe/Ljubljana", "Europe/Sarajevo")
	add("YUG+1", "Europe/Belgrade", "Europe/Podgorica")
	add("MAK+1", "Europe/Skopje")
	add("ALB+1", "Europe/Tirane")
	add("GIB+1", "Europe/Gibraltar")
	add("FIN+2", "Europe/Helsinki", "Europe/Mariehamn")
	add("EST+2", "Europe/Tallinn")
	add("LVA+2", "Europe/Riga", "Europe/Vilnius")
	add("GRC+2", "Europe/Athens")
	add("BGR+2", "Europe/Sofia")
	add("ROU+2", "Europe/Bucharest")
	add("MDA+2", "Europe/Chisinau")
	add("UKR+2", "Europe/Kiev", "Europe/Kyiv", "Europe/Uzhgorod", "Europe/Zaporozhye")
	add("CYP+2", "Europe/Nicosia", "Asia/Nicosia", "Asia/Famagusta")
	add("CAT+2", "Europe/Kaliningrad")
	add("EAT+3", "Europe/Moscow", "Europe/Minsk", "Europe/Istanbul", "Europe/Simferopol", "Europe/Kirov", "Europe/Volgograd")
	add("GEO+4", "Europe/Samara", "Europe/Astrakhan", "Europe/Saratov", "Europe/Ulyanovsk")
	add("CAN-3.5", "America/St_Johns")
	add("CAN-4", "America/Halifax")
	add("USA-5", "America/New_York", "America/Detroit", "America/Indiana/Indianapolis", "America/Kentucky/Louisville")
	add("CAN-5", "America/Toronto")
	add("USA-6", "America/Chicago")
	add("CAN-6", "America/Winnipeg")
	add("CAN2-6", "America/Regina")
	add("CAM-6", "America/Mexico_City")
	add("USA-7", "America/Denver", "America/Boise")
	add("CAN-7", "America/Edmonton")
	add("USA2-7", "America/Phoenix")
	add("USA-8", "America/Los_Angeles")
	add("CAN-8", "America/Vancouver")
	add("USA-9", "America/Anchorage")
	add("USA-10", "Pacific/Honolulu")
}
