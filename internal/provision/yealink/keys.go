package yealink

import (
	"errors"
	"fmt"
	"strings"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// null is the value that resets a key to the firmware's default: a blank
// value would leave the phone's current value in place (wazo v86 base.tpl
// writes %NULL% for every unused account and key; vendors.md §1 "Format").
const null = "%NULL%"

// Sources of the keys below. Templates are read at the commit named; the
// admin guides through the public mirrors vendors.md §12 lists.
const (
	srcWazo          = "wazo-platform/wazo-provd-plugins plugins/wazo_yealink/v86/templates/base.tpl @ 2321a3f"
	srcWazoDECT      = "wazo-platform/wazo-provd-plugins plugins/wazo_yealink/v87/templates/base-dect.tpl @ 2321a3f (W70B.tpl, W80B.tpl extend it)"
	srcWazoCommon    = "wazo-platform/wazo-provd-plugins plugins/wazo_yealink/common/common.py @ 2321a3f"
	srcFusionT5x     = "fusionpbx/fusionpbx resources/templates/provision/yealink/t5x/y000000000096.cfg @ c7a00dc"
	srcFusionW70     = "fusionpbx/fusionpbx resources/templates/provision/yealink/w70b/y000000000146.cfg @ c7a00dc"
	srcFusionW80     = "fusionpbx/fusionpbx resources/templates/provision/yealink/w80/y000000000175.cfg @ c7a00dc"
	srcFusionMAC     = "fusionpbx/fusionpbx resources/templates/provision/yealink/t4x/{$mac}.cfg @ c7a00dc; vendors.md §1 \"Account 1 keys\""
	srcGuideTime     = "Yealink Administrator's Guide, \"local_time.*\" (SIP-T38G guide, easymanua.ls p.255: by-week format, 1=Mon…7=Sun, week 5 = last)"
	srcGuideFlexible = "Yealink Administrator's Guide for SIP-T2 Series/T4 Series/T5 Series/CP920, static.auto_provision.flexible.enable/.interval (1–1000 days)/.begin_time/.end_time (manualshive.com/en/manual/yealink/sip-t5-series/3909785 p.87)"
	srcGuideAutop    = "Yealink Administrator's Guide for SIP-T2/T4/T5 Series, Auto Provision parameters (manualshive sip-t5-series p.89–90); " + srcFusionT5x
	srcGuidePass     = "Yealink Administrator's Guide for SIP-T5 Series, static.security.user_password \"String within 32 characters\", format username:password (easymanua.ls sip-t58v-a p.690)"
	srcKeyTypes      = "vendors.md §1 \"Line keys / BLF\" (FusionPBX app_config, wazo common.py _format_funckey_*); unused key: wazo _format_funckey_null (type 0, %NULL%)"
)

// Value rules in Yealink's encoding.
var (
	onOff       = vendorkit.OneOf("0", "1")
	anyText     = vendorkit.Text(0)
	accountNo   = vendorkit.Int(1, 100)
	lineList    = vendorkit.ListOf(",", accountNo)
	keyTypeCode = vendorkit.OneOf("0", "1", "2", "3", "4", "5", "9", "10", "11", "12", "13", "14", "15", "16", "17", "21", "23", "24", "25", "39", "40", "43", "66")
	// offset is local_time.time_zone: whole or half hours from -11 to +12.
	offset  = vendorkit.Match(`0|[+-](1[0-2]|[1-9])(:(30|45))?`)
	weekDay = vendorkit.Match(`(1[0-2]|[1-9])/[1-5]/[1-7]/(2[0-3]|1[0-9]|[0-9])`)
)

// orNull accepts what r accepts and %NULL%.
func orNull(r vendorkit.Rule) vendorkit.Rule { return vendorkit.Either(r, vendorkit.OneOf(null)) }

// passwordValue checks "<login name>:<password>": the firmware takes the
// whole value within 32 characters and no ':' in the name (it splits at
// the first one).
func passwordValue(v string) error {
	name, pw, ok := strings.Cut(v, ":")
	switch {
	case !ok || name == "" || pw == "":
		return errors.New("not <user>:<password>")
	case len(v) > maxPasswordValue:
		return fmt.Errorf("%d characters, the firmware takes at most %d", len(v), maxPasswordValue)
	}
	return vendorkit.Text(0)(v)
}

// maxPasswordValue is the length limit of static.security.user_password
// (srcGuidePass). The guide gives it for the value, which carries the login
// name too, so the password itself is held to 32 - len("admin:") = 26.
const (
	maxPasswordValue = 32
	maxPassword      = maxPasswordValue - len("admin:")
)

// Keys are the keys Render may emit, with their values and sources; '#'
// stands for a number. Parse keeps the password key once per account
// ("[admin]", "[user]").
var Keys = []vendorkit.Key{
	// Accounts; an unused account is disabled and its values reset.
	{Name: "account.#.enable", Value: onOff, Source: srcFusionMAC},
	{Name: "account.#.label", Value: anyText, Source: srcFusionMAC},
	{Name: "account.#.display_name", Value: anyText, Source: srcFusionMAC},
	{Name: "account.#.user_name", Value: anyText, Source: srcFusionMAC},
	{Name: "account.#.auth_name", Value: anyText, Source: srcFusionMAC},
	{Name: "account.#.password", Value: anyText, Source: srcFusionMAC},
	{Name: "account.#.sip_server.#.address", Value: orNull(vendorkit.Host), Source: srcFusionMAC},
	{Name: "account.#.sip_server.#.port", Value: orNull(vendorkit.Int(1, 65535)), Source: srcFusionMAC},
	// 0 UDP, 1 TCP, 2 TLS, 3 DNS-NAPTR.
	{Name: "account.#.sip_server.#.transport_type", Value: orNull(vendorkit.OneOf("0", "1", "2", "3")), Source: srcFusionMAC},
	{Name: "account.#.outbound_proxy_enable", Value: onOff, Source: srcFusionMAC},
	{Name: "account.#.outbound_proxy.#.address", Value: orNull(vendorkit.Host), Source: srcFusionMAC},
	{Name: "account.#.outbound_proxy.#.port", Value: orNull(vendorkit.Int(1, 65535)), Source: srcFusionMAC},
	// 0 off, 1 optional, 2 compulsory (wazo sets 2 with TLS; vendors.md §1
	// notes FusionPBX's comment swaps 1 and 2, the Yealink guide is taken).
	{Name: "account.#.srtp_encryption", Value: orNull(vendorkit.OneOf("0", "1", "2")), Source: srcWazo + "; vendors.md §1"},
	{Name: "voice_mail.number.#", Value: anyText, Source: srcWazo},

	// DECT bases: handset-to-line mapping, every slot written.
	{Name: "handset.#.name", Value: anyText, Source: srcFusionW70},
	{Name: "handset.#.incoming_lines", Value: orNull(lineList), Source: srcFusionW70},
	{Name: "handset.#.dial_out_lines", Value: orNull(lineList), Source: srcFusionW70},
	{Name: "handset.#.dial_out_default_line", Value: orNull(accountNo), Source: srcFusionW70},
	// The 4-digit base PIN handsets type to register.
	{Name: "base.pin_code", Value: vendorkit.Match(`[0-9]{4}`), Source: srcFusionW70 + "; " + srcFusionW80},
	// Handset menu language: 0 English, 1 French, 2 German, … (the W80
	// template's comment; wazo common.py _LOCALE gives the same codes).
	{Name: "custom.handset.language", Value: orNull(vendorkit.OneOf("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")), Source: srcFusionW80 + "; " + srcWazoDECT},

	// Desk phones: every line key and expansion module key written.
	{Name: "linekey.#.type", Value: keyTypeCode, Source: srcKeyTypes},
	{Name: "linekey.#.line", Value: orNull(accountNo), Source: srcKeyTypes},
	{Name: "linekey.#.value", Value: anyText, Source: srcKeyTypes},
	{Name: "linekey.#.label", Value: anyText, Source: srcKeyTypes},
	{Name: "expansion_module.#.key.#.type", Value: keyTypeCode, Source: srcKeyTypes},
	{Name: "expansion_module.#.key.#.line", Value: orNull(accountNo), Source: srcKeyTypes},
	{Name: "expansion_module.#.key.#.value", Value: anyText, Source: srcKeyTypes},
	{Name: "expansion_module.#.key.#.label", Value: anyText, Source: srcKeyTypes},

	// Web interface accounts: admin and user, each "name:password".
	{Name: "static.security.user_name.admin", Value: vendorkit.Match(`[^:\s]{1,32}`), Source: srcWazo},
	{Name: "static.security.user_name.user", Value: vendorkit.Match(`[^:\s]{1,32}`), Source: srcWazo + "; " + srcFusionT5x},
	{Name: "static.security.user_password[admin]", Value: passwordValue, Source: srcGuidePass},
	{Name: "static.security.user_password[user]", Value: passwordValue, Source: srcGuidePass},

	// Phone and web interface language (desk phones; bases have only the
	// web interface), values as wazo common.py _LOCALE writes them.
	{Name: "lang.gui", Value: orNull(vendorkit.OneOf("English", "German", "French")), Source: srcWazo + "; " + srcWazoCommon},
	{Name: "lang.wui", Value: orNull(vendorkit.OneOf("English", "German", "French")), Source: srcWazo + "; " + srcWazoDECT},

	// Time: two NTP servers, zone, summer time.
	{Name: "local_time.ntp_server1", Value: orNull(vendorkit.Host), Source: srcFusionT5x + "; " + srcFusionW70},
	{Name: "local_time.ntp_server2", Value: orNull(vendorkit.Host), Source: srcFusionT5x + "; " + srcFusionW70},
	// 0: a server offered by DHCP comes first (the default), 1: the
	// configured ones do. The key is in the templates of every model here;
	// the meaning of its values is the Yealink guide's as recalled, not
	// read from a public copy.
	{Name: "local_time.manual_ntp_srv_prior", Value: orNull(onOff), Source: srcFusionT5x + "; " + srcFusionW80},
	{Name: "local_time.time_zone", Value: orNull(offset), Source: srcFusionW70 + " (-11 to +12); " + srcWazoCommon + " _format_tz_info"},
	{Name: "local_time.time_zone_name", Value: anyText, Source: "fusionpbx/fusionpbx app/yealink/resources/auto_dst.xml @ c7a00dc (the firmware's zone table)"},
	// 0 off, 1 on (by the rule below), 2 automatic (by the zone name).
	{Name: "local_time.summer_time", Value: orNull(vendorkit.OneOf("0", "1", "2")), Source: srcFusionW70 + "; " + srcGuideTime},
	// 0 by date, 1 by week.
	{Name: "local_time.dst_time_type", Value: orNull(vendorkit.OneOf("0", "1")), Source: srcFusionW70 + "; " + srcGuideTime},
	{Name: "local_time.start_time", Value: orNull(weekDay), Source: srcGuideTime + "; " + srcWazoCommon + " _format_dst_change"},
	{Name: "local_time.end_time", Value: orNull(weekDay), Source: srcGuideTime + "; " + srcWazoCommon + " _format_dst_change"},
	// Minutes (wazo writes the DST save as minutes; the firmware table 60).
	{Name: "local_time.offset_time", Value: orNull(vendorkit.Int(-300, 300)), Source: srcFusionW70 + "; " + srcWazoCommon + " _format_tz_info"},

	// Provisioning: where to fetch, how often, firmware.
	{Name: "static.auto_provision.server.url", Value: vendorkit.URL, Source: srcWazo + " (a directory URL)"},
	{Name: "features.remote_phonebook.enable", Value: onOff, Source: srcRemotePhonebook},
	{Name: "features.remote_phonebook.flash_time", Value: vendorkit.Int(3600, 1296000), Source: srcRemotePhonebook},
	{Name: "remote_phonebook.data.1.url", Value: vendorkit.Either(vendorkit.URL, vendorkit.OneOf(null)), Source: srcRemotePhonebook},
	{Name: "remote_phonebook.data.1.name", Value: anyText, Source: srcRemotePhonebook},
	{Name: "static.auto_provision.repeat.enable", Value: onOff, Source: srcGuideAutop},
	// Minutes; the guide's range is 1 to 43200, default 1440.
	{Name: "static.auto_provision.repeat.minutes", Value: vendorkit.Int(1, 43200), Source: srcGuideAutop},
	// Flexible auto provision: a day of the interval chosen by the MAC, a
	// random time between begin and end (srcGuideFlexible).
	{Name: "static.auto_provision.flexible.enable", Value: onOff, Source: srcGuideFlexible},
	{Name: "static.auto_provision.flexible.interval", Value: vendorkit.Int(1, 1000), Source: srcGuideFlexible},
	{Name: "static.auto_provision.flexible.begin_time", Value: vendorkit.Match(`([01][0-9]|2[0-3]):[0-5][0-9]`), Source: srcGuideFlexible},
	{Name: "static.auto_provision.flexible.end_time", Value: vendorkit.Match(`([01][0-9]|2[0-3]):[0-5][0-9]`), Source: srcGuideFlexible},
	{Name: "static.firmware.url", Value: vendorkit.URL, Source: srcWazo},
}
