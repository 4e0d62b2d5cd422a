package fanvil

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Sources the keys below are read from. Both public templates write the
// <sysConf> format of the X-U series; where they differ (daylight saving
// keys) the newer one, wazo's template for firmware 2.12, is followed.
const (
	srcFusion = "fusionpbx/fusionpbx resources/templates/provision/fanvil/x4u/{$mac}.cfg @ c7a00dcb3e91"
	srcWazo   = "wazo-platform/wazo-provd-plugins plugins/wazo_fanvil/common/templates/base-new.tpl and common/common.py @ 2321a3f390c2 (X4U/X5U/X6U/X7, firmware 2.12)"
	srcNotes  = "vendors.md §6 [V]"
	// srcTancredi writes Fanvil's older text format, whose keys are the
	// XML ones spelt with blanks ("Flash Mode" is ap.FlashMode); it counts
	// the last week of a month as 5 where wazo's XML template writes -1,
	// and the newer XML form is followed.
	srcTancredi = "nethesis/tancredi data/templates/fanvil-X5.tmpl and fanvil.macros (upgrade_wait_hours) @ 5a8de9b9cfe0"
	// srcImage: the firmware image the phone installs at provisioning,
	// one file's URL. wazo's X-U template writes it as
	// <AUTOUPDATE_CONFIG_MODULE><Download_Mode>1</Download_Mode>
	// <Auto_Image_URL>…; Tancredi's text template names the same setting
	// "Auto Image Url" of <AUTOUPDATE CONFIG MODULE>. What Download_Mode 1
	// selects is not said in either (written as wazo writes it).
	srcImage = "wazo-platform/wazo-provd-plugins plugins/wazo_fanvil/common/templates/base-new.tpl @ 2321a3f390c2 (AUTOUPDATE_CONFIG_MODULE, Download_Mode 1, Auto_Image_URL = the per-model image file); nethesis/tancredi data/templates/fanvil-X5.tmpl @ 5a8de9b9cfe0 (Auto Image Url)"
)

var (
	boolean = vendorkit.OneOf("0", "1")
	empty   = vendorkit.OneOf("")
	port    = vendorkit.Either(vendorkit.Int(1, 65535), empty)
)

// Keys lists every setting Render may emit, as Parse names them: the
// element path below <sysConf>, "[i]" for an index attribute ('#' stands
// for a number).
var Keys = []vendorkit.Key{
	{Name: "Version", Value: vendorkit.Match(`[0-9]+\.[0-9]+`), Source: srcFusion},
	// SIP lines; EnableReg 0 with empty values is a line not in use.
	{Name: "sip.line[#].PhoneNumber", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "sip.line[#].DisplayName", Value: vendorkit.Text(0), Source: srcFusion},
	{Name: "sip.line[#].RegisterAddr", Value: vendorkit.Either(vendorkit.Host, empty), Source: srcNotes},
	{Name: "sip.line[#].RegisterPort", Value: port, Source: srcNotes},
	{Name: "sip.line[#].RegisterUser", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "sip.line[#].RegisterPswd", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "sip.line[#].EnableReg", Value: boolean, Source: srcNotes},
	{Name: "sip.line[#].ProxyAddr", Value: vendorkit.Either(vendorkit.Host, empty), Source: srcFusion},
	{Name: "sip.line[#].ProxyPort", Value: port, Source: srcFusion},
	// 0 UDP, 1 TCP, 3 TLS (srcWazo common.py _SIP_TRANSPORT).
	{Name: "sip.line[#].Transport", Value: vendorkit.OneOf("0", "1", "3"), Source: srcFusion + "; codes: " + srcWazo},
	// 0 off, 1 optional, 2 compulsory, as the phone's web interface
	// lists them [U: values not in either template].
	{Name: "sip.line[#].MediaCrypto", Value: vendorkit.OneOf("0", "1", "2"), Source: srcFusion},
	{Name: "sip.line[#].MWINum", Value: vendorkit.Text(0), Source: srcFusion},
	// The keypad menu password (advanced settings on the phone).
	{Name: "phone.MenuPassword", Value: vendorkit.Text(0), Source: srcNotes + "; " + srcFusion},
	// Phone language: short codes of the X-U firmware (srcWazo
	// _NEW_SUPPORTED_LANGUAGES). Neither template names a web interface
	// language.
	{Name: "phone.display.DefaultLanguage", Value: vendorkit.OneOf("en", "de", "fr"), Source: srcWazo},
	// Time: SNTP servers; TimeZone in quarter hours east of UTC (srcWazo
	// _TZ_INFO: UTC+1 is 4); EnableDST 0 off or 2 manual with
	// DSTFixedType 2 (by week): month, week (1-4, -1 the last), weekday
	// (0 Sunday), hour in local time, and the offset in minutes.
	{Name: "phone.date.EnableSNTP", Value: boolean, Source: srcFusion},
	{Name: "phone.date.SNTPServer", Value: vendorkit.Host, Source: srcFusion},
	{Name: "phone.date.SecondSNTPServer", Value: vendorkit.Either(vendorkit.Host, empty), Source: srcFusion},
	{Name: "phone.date.TimeZone", Value: vendorkit.Int(-48, 56), Source: srcWazo},
	{Name: "phone.date.EnableDST", Value: vendorkit.OneOf("0", "2"), Source: srcWazo},
	{Name: "phone.date.DSTFixedType", Value: vendorkit.OneOf("2"), Source: srcWazo},
	{Name: "phone.date.DSTMinOffset", Value: vendorkit.OneOf("60"), Source: srcWazo},
	{Name: "phone.date.DSTStartMon", Value: vendorkit.Int(1, 12), Source: srcWazo},
	{Name: "phone.date.DSTStartWeek", Value: vendorkit.Either(vendorkit.Int(1, 4), vendorkit.OneOf("-1")), Source: srcWazo + " (common.py _extract_dst_change: the last week is -1)"},
	{Name: "phone.date.DSTStartWday", Value: vendorkit.Int(0, 6), Source: srcWazo},
	{Name: "phone.date.DSTStartHour", Value: vendorkit.Int(0, 23), Source: srcWazo},
	{Name: "phone.date.DSTEndMon", Value: vendorkit.Int(1, 12), Source: srcWazo},
	{Name: "phone.date.DSTEndWeek", Value: vendorkit.Either(vendorkit.Int(1, 4), vendorkit.OneOf("-1")), Source: srcWazo},
	{Name: "phone.date.DSTEndWday", Value: vendorkit.Int(0, 6), Source: srcWazo},
	{Name: "phone.date.DSTEndHour", Value: vendorkit.Int(0, 23), Source: srcWazo},
	// DSS keys on the phone: Type 0 none, 1 memory key (Value
	// "<number>@<line>/f" speed dial, "/ba" BLF), 2 line (Value "SIP<n>").
	{Name: "dsskey.dssSide[#].Fkey[#].Type", Value: vendorkit.OneOf("0", "1", "2"), Source: srcFusion + "; " + srcWazo},
	{Name: "dsskey.dssSide[#].Fkey[#].Value", Value: vendorkit.Either(empty, vendorkit.Match(`SIP[0-9]{1,2}`), vendorkit.Match(`[^@/\s]+@[0-9]{1,2}/(f|ba)`)), Source: srcWazo + " (_format_funckey_speeddial, _format_funckey_blf)"},
	{Name: "dsskey.dssSide[#].Fkey[#].Title", Value: vendorkit.Text(0), Source: srcFusion},
	{Name: "phone.softkey.DesktopSoftkey", Value: vendorkit.OneOf(desktopSoftkeys), Source: srcDirectory},
	{Name: "dsskey.dssSoft[#].Type", Value: vendorkit.OneOf(directoryKeyType), Source: srcDirectory},
	{Name: "dsskey.dssSoft[#].Value", Value: vendorkit.URL, Source: srcDirectory},
	{Name: "dsskey.dssSoft[#].Title", Value: vendorkit.Text(0), Source: srcDirectory},
	// Web accounts: 1 the administrator (Level 10), 2 the user (Level 5).
	{Name: "web.account[#].Name", Value: vendorkit.Match(`[^\s]{1,32}`), Source: srcFusion + "; " + srcWazo},
	{Name: "web.account[#].Password", Value: vendorkit.Match(`.{1,}`), Source: srcFusion + "; " + srcWazo},
	{Name: "web.account[#].Level", Value: vendorkit.OneOf("10", "5"), Source: srcFusion + "; " + srcWazo},
	// Auto provisioning; protocol codes as in the FDPS API (4 HTTP, 5
	// HTTPS, vendors.md §9). FlashMode 2 is the periodic update every
	// FlashInterval hours (1: only at boot), as Nethesis' template writes
	// them ("Flash Mode", "Flash Interval" of the text format: mode 1 when
	// the provisioning frequency is "never", else 2; the interval computed
	// in hours).
	{Name: "ap.DownloadCommonConf", Value: boolean, Source: srcWazo + "; " + srcTancredi},
	{Name: "ap.FlashServerIP", Value: vendorkit.Host, Source: srcNotes},
	{Name: "ap.FlashFileName", Value: vendorkit.Match(`[A-Za-z0-9._/\-]+`), Source: srcNotes},
	{Name: "ap.FlashProtocol", Value: vendorkit.OneOf("5"), Source: srcNotes},
	{Name: "ap.FlashMode", Value: vendorkit.OneOf("2"), Source: srcFusion + "; " + srcTancredi},
	{Name: "ap.FlashInterval", Value: vendorkit.Int(1, 720), Source: srcFusion + "; unit: " + srcTancredi},
	{Name: "AUTOUPDATE_CONFIG_MODULE.Download_Mode", Value: vendorkit.OneOf("1"), Source: srcImage},
	{Name: "AUTOUPDATE_CONFIG_MODULE.Auto_Image_URL", Value: vendorkit.URL, Source: srcImage},
}
