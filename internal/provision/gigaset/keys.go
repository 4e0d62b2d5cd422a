package gigaset

import (
	"maps"
	"slices"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Sources of the Nx70 (N670/N870) provisioning parameters.
const (
	srcWazo = "wazo-platform/wazo-provd-plugins plugins/wazo_gigaset/Nx70_83_v2_65_0/templates/base.tpl (vendors.md §5)"
	srcNTP  = srcWazo + "; comma-separated list: plugins/wazo_gigaset/N870_83_v2_48_0/templates/base.tpl"
	srcTZ   = "wazo-platform/wazo-provd-plugins plugins/wazo_gigaset/Nx70_83_v2_65_0/common.py _VALID_TZ_GIGASET"
	srcPIN  = srcWazo + " (hs.<n>.DECT_AC); PIN of 1 to 4 digits: OpenScape Cordless IP V2 administrator documentation (the N870 OEM), Mobile devices, Authentication Code (PIN)"
	// srcFirmware: the firmware the base installs, in the same file as
	// its settings (the wiki's preferred single-file method).
	srcFirmware = "wazo-platform/wazo-provd-plugins plugins/wazo_gigaset/Nx70_83_v2_65_0/templates/base.tpl @ 2321a3f (<firmware><file version=\"2.65.0\" url=\"…/Gigaset-Nx70-V2.65.0-build.8504c90.bin\"/></firmware> before <nvm>); Gigaset wiki (teamwork.gigaset.com/gigawiki/pages/viewpage.action?pageId=1137279412, N870/N670 \"Provisioning flow\": the <MAC>.xml file carries firmware, configuration and custom parameters; pageId=826896934, \"firmware/update.xml\", valid for N610/N670/N870/N870E: the software is downloaded and installed when the version value is newer than the running one, nothing happens when it is older)"
	srcSync     = "Gigaset wiki (teamwork.gigaset.com gigawiki, 'SIP check-sync mechanism', N610/N670/N870 from firmware 2.52): lets a NOTIFY check-sync;reboot=true restart the base"
)

func key(name string, rule vendorkit.Rule, source string) vendorkit.Key {
	return vendorkit.Key{Name: name, Value: rule, Source: source}
}

var (
	boolean = vendorkit.OneOf("0", "1")
	text    = vendorkit.Text(0)
)

// Keys lists every parameter Render may emit ('#' stands for a number;
// handset numbers have five digits). Parse names a parameter inside an
// <oper> "<oper name>.<oper value>.<param name>", an <oper> without a
// value by its name.
var Keys = []vendorkit.Key{
	key("firmware.version", vendorkit.Match(`[0-9]{1,4}(\.[0-9]{1,4}){1,3}`), srcFirmware),
	key("firmware.url", vendorkit.URL, srcFirmware),
	key("DeleteNotProvisionedHS", vendorkit.OneOf(""), srcWazo+": removes the handsets the file does not add"),
	key("WebUIAccounts.#.Password", text, srcWazo+": web admin password"),
	key("Provisioning.global.ProvisioningServer", vendorkit.URL, srcWazo),
	key("Netdir.1.Activated", boolean, srcDirectory),
	key("XMLDir.1.ProviderName", text, srcDirectory),
	key("XMLDir.1.ServerURL", vendorkit.URL, srcDirectory),
	key("XMLDir.1.WhitePagesDirName", text, srcDirectory),
	key("XMLDir.1.StartWithListWP", boolean, srcDirectory),
	key("DmGlobal.0.NtpServer", vendorkit.ListOf(",", vendorkit.Host), srcNTP),
	key("DmGlobal.0.TimeZone", vendorkit.OneOf(slices.Collect(maps.Values(timeZones))...), srcTZ),
	key("SystemSettings.global.CheckSyncRebootEnabled", boolean, srcSync),
	key("SipProvider.#.Name", text, srcWazo),
	key("SipProvider.#.Domain", vendorkit.Host, srcWazo),
	key("SipProvider.#.ProxyServerAddress", vendorkit.Host, srcWazo),
	key("SipProvider.#.ProxyServerPort", vendorkit.Int(1, 65535), srcWazo),
	key("SipProvider.#.RegServerAddress", vendorkit.Host, srcWazo),
	key("SipProvider.#.RegServerPort", vendorkit.Int(1, 65535), srcWazo),
	key("SipProvider.#.TransportProtocol", vendorkit.OneOf("1", "2", "3"), srcWazo+" (1 UDP, 2 TCP, 3 TLS: common.py _SIP_TRANSPORT)"),
	key("SipProvider.#.SRTP_Enabled", boolean, srcWazo),
	key("SipProvider.#.AcceptNonSRTPCalls", boolean, srcWazo),
	key("add_hs.#", vendorkit.OneOf(""), srcWazo+": <oper name=\"add_hs\" value=\"<handset>\">"),
	key("add_hs.#.hs.RegStatus", vendorkit.OneOf("ToReg"), srcWazo),
	key("hs.#.DECT_AC", vendorkit.Match(`[0-9]{1,4}`), srcPIN),
	key("update_dm.local", vendorkit.OneOf(""), srcWazo+": <oper name=\"update_dm\" value=\"local\">, the registration window"),
	key("update_dm.local.RegStart", vendorkit.Match(`[0-9]{1,12}`), srcWazo+": start of the registration window, seconds since 1970"),
	key("update_dm.local.RegDuration", vendorkit.Int(1, 86400), srcWazo+": length of the registration window in seconds (wazo: 900)"),
	key("SipAccount.#.AuthName", text, srcWazo),
	key("SipAccount.#.AuthPassword", text, srcWazo),
	key("SipAccount.#.UserName", text, srcWazo),
	key("SipAccount.#.DisplayName", text, srcWazo),
	key("SipAccount.#.ProviderId", vendorkit.Int(0, 9), srcWazo),
	key("SipAccount.#.VoiceMailMailbox", text, srcWazo),
	key("SipAccount.#.VoiceMailActive", boolean, srcWazo),
}
