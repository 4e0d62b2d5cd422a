package fanvil

// KnownKeys lists every setting Render may emit, as Parse names them: the
// element path below <sysConf>, "[i]" for an index attribute ('#' stands
// for a number).
var KnownKeys = []string{
	// vendors.md §6 [V] and FusionPBX fanvil/x4u/{$mac}.cfg: SIP line.
	"Version",
	"sip.line[#].PhoneNumber",
	"sip.line[#].DisplayName",
	"sip.line[#].RegisterAddr",
	"sip.line[#].RegisterPort",
	"sip.line[#].RegisterUser",
	"sip.line[#].RegisterPswd",
	"sip.line[#].EnableReg",
	"sip.line[#].ProxyAddr",
	"sip.line[#].ProxyPort",
	// FusionPBX x4u template: 0 UDP, 1 TCP, 3 TLS.
	"sip.line[#].Transport",
	// FusionPBX x4u template names the key; its values (0 off, 1 optional,
	// 2 compulsory) follow the phone's web interface [U].
	"sip.line[#].MediaCrypto",
	"sip.line[#].MWINum",
	// vendors.md §6 [V]: admin password; wazo fanvil templates: <phone>.
	"phone.MenuPassword",
	// vendors.md §6 [V] "<ap> provisioning block"; protocol codes as in
	// the FDPS API (4 HTTP, 5 HTTPS, vendors.md §9).
	"ap.FlashServerIP",
	"ap.FlashFileName",
	"ap.FlashProtocol",
}
