package audiocodes

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Sources the keys below are read from: the MP-11x manual of the last
// firmware (6.6) and, for the Web Users table's columns, an ini file
// exported from AudioCodes firmware 7.00A, which writes the same fields the
// 6.6 manual describes.
const (
	srcManual = "AudioCodes MP-11x & MP-124 User's Manual v6.6 (LTRT-65422)"
	srcSIP    = srcManual + ", Proxy & Registration Parameters (easymanua.ls/audiocodes/mediapack-series-mp-11x/manual p.505)"
	srcNTP    = srcManual + " §10 'Configuring SNTP' (easymanua.ls/audiocodes/mediapack-series-mp-11x/manual p.100); NTPServerUTCOffset in seconds: AC-SYSTEM-MIB acSysNTPUtcOffset -43200..43200 and a 7.00A ini export (NTPServerUTCOffset = -10800)"
	srcAUPD   = srcManual + " §43.14 Automatic Update Parameters (easymanua.ls/audiocodes/mediapack-mp-118/manual p.577): AutoUpdateFrequency in minutes, 0 disabled"
	srcUsers  = srcManual + " §4.3.2 Advanced User Accounts (Web Users table: status, password age, session limit, session timeout, block duration, user level); ini columns as a Mediant 800B 7.00A ini export writes the [ WebUsers ] table; a password of at most 19 characters: MP-124 SIP User's Manual LTRT-65415 p.68"
	srcNotes  = "vendors.md §8 [V]"
	srcCmp    = "Mediant 800 MSBG SIP User's Manual 6.2 §12, Software/Configuration File URL Path for Automatic Update Parameters (easymanua.ls/audiocodes/mediant-800-msbg/manual p.883): CmpFileURL over HTTP/HTTPS, loaded after a reset, skipped when its checksum matches; MediaPack SIP User's Manual LTRT-65408 Table 5-56; AutoUpdateCmpFile: " + srcAUPD
	// srcUnread marks parameters whose names come from the manual as
	// remembered, not from a copy read for this package.
	srcUnread = srcManual + " [U: not checked against a copy]"
)

var (
	boolean = vendorkit.OneOf("0", "1")
	quoted  = vendorkit.Text(0)
	index   = vendorkit.Int(1, 24)
)

// Keys lists every parameter Render may emit. Parse names a table cell
// "<Column>[<row>]" ('#' stands for a number).
var Keys = []vendorkit.Key{
	{Name: "IniFileURL", Value: vendorkit.URL, Source: srcNotes},
	{Name: "AutoUpdateCmpFile", Value: boolean, Source: srcCmp},
	{Name: "CmpFileURL", Value: vendorkit.URL, Source: srcCmp},
	// EnableSIPRemoteReset (default 0) lets a NOTIFY with "Event:
	// check-sync;reboot=false" start the automatic update.
	{Name: "EnableSIPRemoteReset", Value: boolean, Source: srcUnread},
	{Name: "AutoUpdateFrequency", Value: vendorkit.Int(0, 525600), Source: srcAUPD},
	{Name: "NTPServerIP", Value: vendorkit.Host, Source: srcNTP},
	{Name: "NTPSecondaryServerIP", Value: vendorkit.Either(vendorkit.Host, vendorkit.OneOf("")), Source: srcNTP},
	{Name: "NTPServerUTCOffset", Value: vendorkit.Int(-43200, 43200), Source: srcNTP},
	{Name: "IsProxyUsed", Value: boolean, Source: srcUnread},
	{Name: "ProxyName", Value: quoted, Source: srcUnread},
	{Name: "IsRegisterNeeded", Value: boolean, Source: srcSIP},
	{Name: "RegistrarIP", Value: vendorkit.Host, Source: srcSIP},
	// 0 UDP, 1 TCP, 2 TLS (the codes RegistrarTransportType lists, srcSIP).
	{Name: "SIPTransportType", Value: vendorkit.OneOf("0", "1", "2"), Source: srcSIP},
	// SRTP: EnableMediaSecurity; MediaSecurityBehaviour 0 preferable, 1
	// mandatory.
	{Name: "EnableMediaSecurity", Value: boolean, Source: srcUnread},
	{Name: "MediaSecurityBehaviour", Value: vendorkit.OneOf("0", "1"), Source: srcUnread},
	// 0: authentication per endpoint (port), with the Authentication table.
	{Name: "AuthenticationMode", Value: vendorkit.OneOf("0"), Source: srcSIP},
	{Name: "ProxyIp_IpAddress[#]", Value: vendorkit.Host, Source: srcUnread},
	{Name: "ProxyIp_TransportType[#]", Value: vendorkit.OneOf("0", "1", "2"), Source: srcUnread},
	{Name: "ProxyIp_ProxySetId[#]", Value: vendorkit.OneOf("0"), Source: srcUnread},
	// Per port: credentials (empty for a port not in use), the number
	// (trunk group), the caller name.
	{Name: "Authentication_UserId[#]", Value: quoted, Source: srcUnread},
	{Name: "Authentication_UserPassword[#]", Value: quoted, Source: srcUnread},
	{Name: "Authentication_Module[#]", Value: vendorkit.OneOf("1"), Source: srcUnread},
	{Name: "Authentication_Port[#]", Value: index, Source: srcUnread},
	{Name: "TrunkGroup_TrunkGroupNum[#]", Value: vendorkit.OneOf("1"), Source: srcUnread},
	{Name: "TrunkGroup_FirstBChannel[#]", Value: index, Source: srcUnread},
	{Name: "TrunkGroup_LastBChannel[#]", Value: index, Source: srcUnread},
	{Name: "TrunkGroup_FirstPhoneNumber[#]", Value: quoted, Source: srcUnread},
	{Name: "TrunkGroup_Module[#]", Value: vendorkit.OneOf("1"), Source: srcUnread},
	{Name: "CallerDisplayInfo_DisplayString[#]", Value: quoted, Source: srcUnread},
	{Name: "CallerDisplayInfo_IsCidRestricted[#]", Value: vendorkit.OneOf("0"), Source: srcUnread},
	{Name: "CallerDisplayInfo_Port[#]", Value: index, Source: srcUnread},
	{Name: "CallerDisplayInfo_Module[#]", Value: vendorkit.OneOf("1"), Source: srcUnread},
	// Web users: row 0 the security administrator (level 200), row 1 the
	// monitor user (level 50); status 1 valid, password age 0 never
	// expires. The password is written in plain text [U: the export shows
	// the device's encrypted "$1$…" form with a nonce; that the firmware
	// takes plain text on loading is not documented in what we read].
	{Name: "WebUsers_Username[#]", Value: vendorkit.Match(`[A-Za-z0-9._\-]{1,19}`), Source: srcUsers},
	{Name: "WebUsers_Password[#]", Value: vendorkit.Match(`[^"',;\s]{4,19}`), Source: srcUsers},
	{Name: "WebUsers_Status[#]", Value: vendorkit.OneOf("1"), Source: srcUsers},
	{Name: "WebUsers_PwAgeInterval[#]", Value: vendorkit.OneOf("0"), Source: srcUsers},
	{Name: "WebUsers_SessionLimit[#]", Value: vendorkit.Int(0, 5), Source: srcUsers},
	{Name: "WebUsers_SessionTimeout[#]", Value: vendorkit.Int(0, 100000), Source: srcUsers},
	{Name: "WebUsers_BlockTime[#]", Value: vendorkit.Int(0, 100000), Source: srcUsers},
	{Name: "WebUsers_UserLevel[#]", Value: vendorkit.OneOf("200", "50"), Source: srcUsers},
	{Name: "WebUsers_PwNonce[#]", Value: vendorkit.OneOf(""), Source: srcUsers},
}
