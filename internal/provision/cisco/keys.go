package cisco

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Sources the keys below are read from.
const (
	// srcFusion is the public FusionPBX template for the 88xx MPP phones,
	// the model family of this package.
	srcFusion = "fusionpbx/fusionpbx resources/templates/provision/cisco/8841/{$mac}.xml @ c7a00dcb3e91"
	// srcWazo is wazo's Cisco SPA plugin, whose flat profile the MPP
	// firmware inherited (time zone, DST rule and language forms).
	srcWazo = "wazo-platform/wazo-provd-plugins plugins/wazo_cisco_spa/common/{common.py,templates/base.tpl} @ 2321a3f390c2"
	// srcGuide is Cisco's administration guide for the 8800 series
	// multiplatform phones (User_Password: 4 to 127 characters).
	srcGuide = "Cisco IP Phone 8800 Series Multiplatform Phone Administration Guide, phone web page parameters (manualshive.com/en/manual/cisco/8800-series/63905 p.127)"
	srcNotes = "vendors.md §7 [V]"
	// srcResync is the guide's extended syntax of the resync delays: a
	// plus sign appends a random extra delay ("3600+600": every hour plus
	// up to ten minutes), against servers flooded by phones resyncing at
	// the same time.
	srcResync = "Cisco IP Phone 8800 Series Multiplatform Phone Administration Guide, Configurable Schedules (manualshive.com/en/manual/cisco/8800-series/63905 p.110)"
	// srcDST is the 8800 MPP guide's field reference for the daylight
	// saving rule, srcTZ Cisco's list of Time_Zone choices.
	srcDST = "Cisco IP Phone 8800 Series Multiplatform Phone Administration Guide for Release 11.3(1), Daylight Saving Time Rule (manualshive.com/en/manual/cisco/8800-series/63905 p.426)"
	srcTZ  = "Cisco SPA9000 Administration Guide, Regional tab, Time Zone: GMT-12:00 … GMT, GMT+01:00 … GMT+13:00 (manualsdump.com SPA9000 p.183)"
)

var (
	yesNo    = vendorkit.OneOf("Yes", "No")
	hostPort = vendorkit.Match(`[A-Za-z0-9.\-]+:[0-9]{1,5}`)
	empty    = vendorkit.OneOf("")
	// password is what the phone takes as admin or user password: 4 to
	// 127 characters (srcGuide).
	password = vendorkit.Match(`.{4,127}`)
)

// Keys lists every parameter Render may emit ('#' stands for a line or
// key number; Cisco writes it between underscores), with its values and
// source.
var Keys = []vendorkit.Key{
	{Name: "XML_Directory_Service_Name", Value: vendorkit.Text(0), Source: srcDirectory},
	{Name: "XML_Directory_Service_URL", Value: vendorkit.URL, Source: srcDirectory},
	{Name: "Line_Enable_#_", Value: yesNo, Source: srcFusion},
	{Name: "Proxy_#_", Value: vendorkit.Either(hostPort, empty), Source: srcNotes},
	{Name: "Outbound_Proxy_#_", Value: vendorkit.Either(hostPort, empty), Source: srcFusion},
	{Name: "Register_#_", Value: yesNo, Source: srcFusion},
	{Name: "Display_Name_#_", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "User_ID_#_", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "Password_#_", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "Auth_ID_#_", Value: vendorkit.Text(0), Source: srcNotes},
	{Name: "Use_Auth_ID_#_", Value: yesNo, Source: srcFusion},
	{Name: "SIP_Transport_#_", Value: vendorkit.OneOf("UDP", "TCP", "TLS"), Source: srcFusion},
	// Secure_Call_Option_n_: Optional, Required, Strict; needs
	// Secure_Call_Serv = Yes (Cisco MPP administration guide).
	{Name: "Secure_Call_Serv", Value: yesNo, Source: srcFusion},
	{Name: "Secure_Call_Option_#_", Value: vendorkit.OneOf("Optional", "Required", "Strict"), Source: srcFusion},
	{Name: "Voice_Mail_Number", Value: vendorkit.Text(0), Source: srcFusion},
	// Line keys: the line a key shows (or Disabled), its label and its
	// extended function (empty: none).
	{Name: "Extension_#_", Value: vendorkit.Either(vendorkit.Int(1, 16), vendorkit.OneOf("Disabled")), Source: srcFusion},
	{Name: "Short_Name_#_", Value: vendorkit.Text(0), Source: srcFusion},
	{Name: "Extended_Function_#_", Value: empty, Source: srcFusion},
	{Name: "Admin_Password", Value: password, Source: srcFusion + "; length: " + srcGuide},
	{Name: "User_Password", Value: password, Source: srcFusion + "; length: " + srcGuide},
	{Name: "Profile_Rule", Value: vendorkit.URL, Source: srcNotes},
	{Name: "Upgrade_Rule", Value: vendorkit.URL, Source: srcFusion},
	// Resync: on reset, on a SIP NOTIFY, and every Resync_Periodic
	// seconds (0: never).
	{Name: "Resync_On_Reset", Value: yesNo, Source: srcFusion},
	{Name: "Resync_From_SIP", Value: yesNo, Source: srcFusion},
	// Resync_Periodic is seconds, optionally "+seconds" of random extra
	// delay (srcResync).
	{Name: "Resync_Periodic", Value: vendorkit.Match(`[0-9]{1,10}(\+[0-9]{1,10})?`), Source: srcFusion + "; random extra delay: " + srcResync},
	{Name: "Primary_NTP_Server", Value: vendorkit.Host, Source: srcFusion},
	{Name: "Secondary_NTP_Server", Value: vendorkit.Either(vendorkit.Host, empty), Source: srcFusion},
	// Time_Zone: GMT, or GMT±hh:mm. wazo writes GMT+00:00 for UTC; Cisco's
	// own list of choices names it GMT, which is followed.
	{Name: "Time_Zone", Value: vendorkit.Either(vendorkit.OneOf("GMT"), vendorkit.Match(`GMT[+-][01][0-9]:[0-5][0-9]`)), Source: srcTZ + "; " + srcWazo},
	{Name: "Daylight_Saving_Time_Enable", Value: yesNo, Source: srcFusion},
	// The rule: start=<month>/<day>/<weekday>/<time>;end=…;save=…, day
	// -1 the last such weekday of the month, weekday 1 Monday to 7
	// Sunday (srcDST); the guide's default and the FusionPBX template
	// write save=1.
	{Name: "Daylight_Saving_Time_Rule", Value: vendorkit.Match(`start=[0-9]{1,2}/-?[0-9]{1,2}/[0-7]/[0-9]{1,2}:0:0;end=[0-9]{1,2}/-?[0-9]{1,2}/[0-7]/[0-9]{1,2}:0:0;save=1`), Source: srcDST + "; " + srcFusion},
	{Name: "Language_Selection", Value: vendorkit.OneOf("English-US", "German", "French"), Source: srcFusion + " (English-US); " + srcWazo + " (German, French)"},
	{Name: "Locale", Value: vendorkit.OneOf("en-US", "de-DE", "fr-FR"), Source: srcFusion + "; " + srcWazo},
}
