package audiocodes

// KnownKeys lists every parameter Render may emit. Parse names a table
// cell "<Column>[<row>]" ('#' stands for a number).
var KnownKeys = []string{
	// vendors.md §8 [V]: Automatic Update.
	"IniFileURL",
	// AudioCodes MP-11x & MP-124 User's Manual (LTRT-65422), General SIP
	// Parameters: EnableSIPRemoteReset (default 0) lets a NOTIFY with
	// "Event: check-sync;reboot=false" start the automatic update.
	"EnableSIPRemoteReset",
	// AudioCodes MP-11x user's manual, SIP parameters [U: names from the
	// manual as remembered; not checked against a copy]: proxy and
	// registrar, transport (0 UDP, 1 TCP, 2 TLS), SRTP (EnableMediaSecurity;
	// MediaSecurityBehaviour 0 preferable, 1 mandatory), authentication per
	// port.
	"IsProxyUsed",
	"ProxyName",
	"IsRegisterNeeded",
	"RegistrarIP",
	"SIPTransportType",
	"EnableMediaSecurity",
	"MediaSecurityBehaviour",
	"AuthenticationMode",
	"ProxyIp_IpAddress[#]",
	"ProxyIp_TransportType[#]",
	"ProxyIp_ProxySetId[#]",
	"Authentication_UserId[#]",
	"Authentication_UserPassword[#]",
	"Authentication_Module[#]",
	"Authentication_Port[#]",
	"TrunkGroup_TrunkGroupNum[#]",
	"TrunkGroup_FirstBChannel[#]",
	"TrunkGroup_LastBChannel[#]",
	"TrunkGroup_FirstPhoneNumber[#]",
	"TrunkGroup_Module[#]",
	"CallerDisplayInfo_DisplayString[#]",
	"CallerDisplayInfo_IsCidRestricted[#]",
	"CallerDisplayInfo_Port[#]",
	"CallerDisplayInfo_Module[#]",
}
