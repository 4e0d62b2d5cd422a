package gigaset

// KnownKeys lists every parameter Render may emit; '#' stands for a number
// (handset numbers are written with five digits). Parse names a parameter
// inside an <oper> "<oper name>.<oper value>.<param name>". Sources:
// vendors.md §5 and the wazo Nx70_83_v2_65_0 template it cites [V].
var KnownKeys = []string{
	"WebUIAccounts.#.Password",
	"Provisioning.global.ProvisioningServer",
	"DmGlobal.#.TimeZone",
	// Gigaset wiki (teamwork.gigaset.com gigawiki, "SIP check-sync
	// mechanism", N610/N670/N870 from firmware 2.52): lets a NOTIFY
	// check-sync;reboot=true restart the base.
	"SystemSettings.global.CheckSyncRebootEnabled",
	"SipProvider.#.Name",
	"SipProvider.#.Domain",
	"SipProvider.#.ProxyServerAddress",
	"SipProvider.#.ProxyServerPort",
	"SipProvider.#.RegServerAddress",
	"SipProvider.#.RegServerPort",
	"SipProvider.#.TransportProtocol",
	"SipProvider.#.SRTP_Enabled",
	"SipProvider.#.AcceptNonSRTPCalls",
	"add_hs.#",
	"add_hs.#.hs.RegStatus",
	"SipAccount.#.AuthName",
	"SipAccount.#.AuthPassword",
	"SipAccount.#.UserName",
	"SipAccount.#.DisplayName",
	"SipAccount.#.ProviderId",
	"SipAccount.#.VoiceMailMailbox",
	"SipAccount.#.VoiceMailActive",
}
