package snom

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Sources of the keys, for Keys below.
const (
	// srcAccount: identity (account) settings of D7xx firmware.
	srcAccount = "vendors.md §3 \"Account keys\" (Snom wiki settings pages; wazo-provd-plugins wazo_snom common/templates/base.tpl; fusionpbx resources/templates/provision/snom/D785/{$mac}.xml @ c7a00dcb3e91)"
	// srcFkey: function keys.
	srcFkey = "Snom wiki \"Function Key Types\" (service.snom.com/display/wiki/Function+Key+Types: line is the default, dest, speed, blf, none …) and Snom D7 User Manual \"XML provisioning of settings\" (<fkey idx context label perm>, default argument line, idx numbered on from the phone's keys through each expansion module); fusionpbx snom/D785/{$mac}.xml"
	// srcLogin: the web interface and keypad logins.
	srcLogin = "vendors.md §3 \"Admin / provisioning auth\" (Snom wiki settings http_user / http_pass: web interface login with admin rights; admin_mode_password: admin mode PIN on the keypad; webserver_user_name / webserver_user_password and webserver_admin_name / webserver_admin_password: the user and admin web accounts of firmware 10) — wazo_snom base.tpl writes exactly this split"
	// srcProv: provisioning settings.
	srcProv = "vendors.md §3 \"Admin / provisioning auth\" (Snom wiki settings setting_server, settings_refresh_timer in seconds (0 = off), firmware; fusionpbx snom/D785/{$mac}.xml)"
	// srcPolling: provisioning polling of the D1xx/D3xx/D7xx/D8xx desk
	// phones. Mode "random" with a period of whole days polls every
	// period, starting the day after the change, at a random time between
	// prov_polling_time and prov_polling_time_rand_end; a period under a
	// day polls at random intervals within it. settings_refresh_timer is
	// the other way to poll and is used with polling off, so the two are
	// never on together.
	srcPolling = "Snom wiki \"Provisioning Polling for desk phones\" (service.snom.com/display/wiki/Provisioning+Polling+for+desk+phones: Prov Polling, Polling Mode relative/absolute/random, Polling Period in seconds, Polling Time, Polling Time Random End); XML names prov_polling_enabled on|off, prov_polling_mode rel|abs|random, prov_polling_period, prov_polling_time, prov_polling_time_rand_end as in nethesis/tancredi data/templates/snom.tmpl @ 5a8de9b"
	// srcTime: time server and time zone.
	srcTime = "Snom wiki settings ntp_server (one time server) and timezone (the phone's own zone list: country code and standard UTC offset, e.g. GER+1, GBR-0, USA-5, CAN-3.5; the firmware applies the country's daylight saving rule); fusionpbx snom/D785/{$mac}.xml; wazo_snom common.py _add_timezone; zone list as in VoIP-Domain/voipdomain Daemons/client-modules/equipments-snom/client.php @ c900e153"
	// srcLang: phone and web interface languages.
	srcLang = "Snom wiki settings language / web_language; wazo-provd-plugins wazo_snom common/common.py _LOCALE and base.tpl"
)

// Keys lists every setting Render may emit; '#' stands for a number.
// Parse names an indexed setting "name[idx]" and a function key's
// attributes "fkey[idx].label" and "fkey[idx].context".
var Keys = []vendorkit.Key{
	{Name: "user_active[#]", Value: vendorkit.OneOf("on", "off"), Source: srcAccount},
	{Name: "user_realname[#]", Value: vendorkit.Text(0), Source: srcAccount},
	{Name: "user_name[#]", Value: vendorkit.Text(0), Source: srcAccount},
	{Name: "user_pname[#]", Value: vendorkit.Text(0), Source: srcAccount},
	{Name: "user_pass[#]", Value: vendorkit.Text(0), Source: srcAccount},
	{Name: "user_host[#]", Value: vendorkit.Either(vendorkit.Host, vendorkit.OneOf("")), Source: srcAccount},
	{Name: "user_outbound[#]", Value: vendorkit.Match(`|[A-Za-z0-9.\-\[\]:]+;transport=(udp|tcp|tls)`), Source: srcAccount},
	{Name: "user_srtp[#]", Value: vendorkit.OneOf("on", "off"), Source: srcAccount},
	{Name: "user_savp[#]", Value: vendorkit.OneOf("off", "optional", "mandatory"), Source: srcAccount},
	{Name: "user_mailbox[#]", Value: vendorkit.Match(`[0-9*#+]*`), Source: srcAccount},

	{Name: "fkey[#]", Value: vendorkit.Match(`line|none|speed [0-9*#+]+|(blf|dest) sip:[0-9]+@[A-Za-z0-9.\-]+`), Source: srcFkey},
	{Name: "fkey[#].label", Value: vendorkit.Text(0), Source: srcFkey},
	{Name: "fkey[#].context", Value: vendorkit.Match(`active|[1-9]|1[0-2]`), Source: srcFkey},

	{Name: "admin_mode_password", Value: vendorkit.Match(`[0-9]{4,40}`), Source: srcLogin},
	{Name: "http_user", Value: vendorkit.OneOf(adminUser), Source: srcLogin},
	{Name: "http_pass", Value: vendorkit.Text(0), Source: srcLogin},
	{Name: "webserver_admin_name", Value: vendorkit.OneOf(adminUser), Source: srcLogin},
	{Name: "webserver_admin_password", Value: vendorkit.Text(0), Source: srcLogin},
	{Name: "webserver_user_name", Value: vendorkit.Text(0), Source: srcLogin},
	{Name: "webserver_user_password", Value: vendorkit.Text(0), Source: srcLogin},

	{Name: "setting_server", Value: vendorkit.URL, Source: srcProv},
	{Name: "dkey_directory", Value: vendorkit.Match(`url https://[^\s"<>]+`), Source: srcDirectory},
	{Name: "settings_refresh_timer", Value: vendorkit.Int(0, 1<<31-1), Source: srcProv},
	{Name: "firmware", Value: vendorkit.URL, Source: srcProv},
	{Name: "prov_polling_enabled", Value: vendorkit.OneOf("on", "off"), Source: srcPolling},
	{Name: "prov_polling_mode", Value: vendorkit.OneOf("rel", "abs", "random"), Source: srcPolling},
	{Name: "prov_polling_period", Value: vendorkit.Int(1, 1<<31-1), Source: srcPolling},
	{Name: "prov_polling_time", Value: vendorkit.Match(`([01][0-9]|2[0-3]):[0-5][0-9]`), Source: srcPolling},
	{Name: "prov_polling_time_rand_end", Value: vendorkit.Match(`([01][0-9]|2[0-3]):[0-5][0-9]`), Source: srcPolling},

	{Name: "ntp_server", Value: vendorkit.Host, Source: srcTime},
	{Name: "timezone", Value: vendorkit.Match(`[A-Z]{3}[0-9]?[+-][0-9]{1,2}(\.[0-9]{1,2})?`), Source: srcTime},

	{Name: "language", Value: vendorkit.OneOf("Deutsch", "English", "Français"), Source: srcLang},
	{Name: "web_language", Value: vendorkit.OneOf("Deutsch", "English", "Français"), Source: srcLang},
}
