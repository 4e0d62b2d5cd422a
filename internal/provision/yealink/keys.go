package yealink

// KnownKeys lists every key Render may emit; '#' stands for a number.
// Sources are sections of ../shared/research/vendors.md (§1 Yealink) and the
// public templates they cite.
var KnownKeys = []string{
	// §1 "Account 1 keys": wazo v86 base.tpl, FusionPBX t4x/{$mac}.cfg [V].
	"account.#.enable",
	"account.#.label",
	"account.#.display_name",
	"account.#.user_name",
	"account.#.auth_name",
	"account.#.password",
	"account.#.sip_server.#.address",
	"account.#.sip_server.#.port",
	"account.#.sip_server.#.transport_type",
	"account.#.outbound_proxy_enable",
	"account.#.outbound_proxy.#.address",
	"account.#.outbound_proxy.#.port",
	// §1: 0 off and 2 with TLS [V]; 1 = optional per the Yealink guide.
	"account.#.srtp_encryption",
	"voice_mail.number.#",
	// §1 "DECT specifics": FusionPBX w70b/y000000000146.cfg [V].
	"handset.#.name",
	"handset.#.incoming_lines",
	"handset.#.dial_out_lines",
	"handset.#.dial_out_default_line",
	// §1 "Line keys / BLF" [V].
	"linekey.#.type",
	"linekey.#.line",
	"linekey.#.value",
	"linekey.#.label",
	"expansion_module.#.key.#.type",
	"expansion_module.#.key.#.line",
	"expansion_module.#.key.#.value",
	"expansion_module.#.key.#.label",
	// §1 "Admin password / security" [V]; Parse keeps the password per user.
	"static.security.user_password[admin]",
	"static.security.user_password[user]",
	"static.security.user_name.user",
	// wazo v86 base.tpl: phone and web interface language.
	"lang.gui",
	"lang.wui",
	// wazo v86 base.tpl / W80B.tpl: time zone offset and Yealink's zone name.
	"local_time.time_zone",
	"local_time.time_zone_name",
	// §1 "Auto-provision keys" [V].
	"static.auto_provision.server.url",
	"static.firmware.url",
}
