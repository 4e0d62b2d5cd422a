package snom

// KnownKeys lists every setting Render may emit; '#' stands for a number.
// Parse names an indexed setting "name[idx]" and a function key's
// attributes "fkey[idx].label" and "fkey[idx].context". Source: vendors.md
// §3 (Snom wiki, wazo and FusionPBX D785 templates) [V].
var KnownKeys = []string{
	// §3 "Account keys".
	"user_active[#]",
	"user_realname[#]",
	"user_name[#]",
	"user_pname[#]",
	"user_pass[#]",
	"user_host[#]",
	"user_outbound[#]",
	"user_srtp[#]",
	"user_savp[#]",
	"user_mailbox[#]",
	// §3 "Function keys".
	"fkey[#]",
	"fkey[#].label",
	"fkey[#].context",
	// §3 "Admin / provisioning auth".
	"admin_mode_password",
	"http_user",
	"http_pass",
	"setting_server",
	"firmware",
	// wazo-provd-plugins wazo-snom common/templates/base.tpl and
	// common/common.py (_LOCALE, _add_timezone): language and web interface
	// language, time zone as country code and UTC offset ("GER+1").
	"language",
	"web_language",
	"timezone",
}
