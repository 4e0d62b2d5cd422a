package poly

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Sources of the keys, for Keys below.
const (
	// srcMaster: the master configuration file the phone reads first.
	srcMaster = "vendors.md §2 \"Files requested\": master file attributes (wazo-provd-plugins wazo_polycom v6_4_6/var/tftpboot/000000000000.cfg; Polycom UC Software Administrator's Guide, master configuration file)"
	// srcAppURL: APP_FILE_PATH may name the application image by a URL
	// with its own protocol (user name and password too) instead of a path
	// on the provisioning server: that is how a pinned firmware is given.
	srcAppURL = "Administrator's Guide SoundPoint IP / SoundStation IP, SIP 2.0 (1725-11530-200 Rev. A1), \"Master Configuration Files\": APP_FILE_PATH \"can be a URL with its own protocol, user name and password\""
	// srcReg: registration, MWI and SRTP keys of VVX / Edge E.
	srcReg = "vendors.md §2 \"Registration keys\" (wazo-provd-plugins wazo_polycom common/templates/base.tpl; fusionpbx resources/templates/provision/poly/edge-e550/{$mac}.cfg @ c7a00dcb3e91)"
	// srcAttendant: the busy lamp field resource list.
	srcAttendant = "vendors.md §2 \"BLF / attendant / keys\" (UC Software Administrator's Guide, Busy Lamp Field: attendant.resourceList.x.address/label/type normal|automata; fusionpbx poly/edge-e550/{$mac}.cfg)"
	// srcLineKey: flexible line key assignment.
	// The guide itself was not at hand: the key names and categories are
	// read from public provisioning templates and notes that cite it
	// (UC Software 6.4.0 Administrator Guide).
	srcLineKey = "Poly UC Software 6.x Administrator Guide, Flexible Line Key Assignment, as quoted by public templates: lineKey.reassignment.enabled=1, lineKey.x.category Line|BLF|Unassigned, lineKey.x.index = registration for Line, attendant.resourceList entry for BLF; x counts the phone's line keys, then the expansion modules' keys"
	// srcDevice: device.* keys and their .set switches.
	srcDevice = "vendors.md §2 \"Device / admin keys\" (UC Software Administrator's Guide, device parameters: each device.* value applies only with device.set=1 and its own .set=1; wazo_polycom base.tpl, fusionpbx poly/edge-e550/{$mac}.cfg)"
	// srcPassword: the local admin and user passwords.
	srcPassword = "UC Software Administrator's Guide (Trio/VVX), Local Administrator and User Password Parameters: device.auth.localAdminPassword / localUserPassword with .set; sec.pwd.length.admin/user range 0–32, so a password has at most 32 characters"
	// srcTime: SNTP and daylight saving.
	srcTime = "Polycom SoundPoint IP Administrator's Guide SIP 2.2.0, Configuration Files <tcpIpApp.sntp/> (gmtOffset in seconds, daylightSavings.* ranges), kept by UC Software 4–6 (fusionpbx poly/edge-e550/{$mac}.cfg, wazo_polycom common.py _format_tzinfo)"
	// srcLang: the phone's language.
	srcLang = "wazo-provd-plugins wazo_polycom common/common.py _LOCALE and base.tpl lcl.ml.lang (UC Software Administrator's Guide, Multilingual: lcl.ml.lang = <Language>_<Country>)"
	// srcPolling: automatic provisioning polling.
	srcPolling = "UC Software Administrator's Guide, Provisioning polling: prov.polling.enabled 0/1, prov.polling.mode abs|rel|random, prov.polling.period in seconds (default 86400; rel takes at least 3600); fusionpbx poly/edge-e550/{$mac}.cfg"
	// srcRandomPolling: mode random polls at a random time between
	// prov.polling.time and prov.polling.timeRandomEnd; a period over a
	// day is rounded up to whole days and the day within it is chosen by
	// the phone's MAC. The time in the window is drawn again at each boot.
	srcRandomPolling = "Polycom UC Software 5.8.1 Administrator Guide, \"Provisional Polling of Polycom Phones\" (documents.polycom.com/bundle/ucs-ag-5-8-1/page/c-ucs-ag-provisional-polling-of-polycom-phones.html); Polycom Trio UC Software Administrator Guide p.174, prov.polling.mode/.period/.time/.timeRandomEnd (easymanua.ls/polycom/trio-visualplus/manual?p=174); fusionpbx poly/edge-e550/{$mac}.cfg @ c7a00dc writes prov.polling.time and prov.polling.timeRandomEnd"
)

var bit = vendorkit.OneOf("0", "1")

// Keys lists every attribute Render may emit ('#' stands for a number),
// with the values UC Software reads and the document it comes from.
var Keys = []vendorkit.Key{
	{Name: "APP_FILE_PATH", Value: vendorkit.Text(0), Source: srcMaster + "; a URL: " + srcAppURL},
	{Name: "CONFIG_FILES", Value: vendorkit.Text(0), Source: srcMaster},

	{Name: "reg.#.address", Value: vendorkit.Text(0), Source: srcReg},
	{Name: "reg.#.auth.userId", Value: vendorkit.Text(0), Source: srcReg},
	{Name: "reg.#.auth.password", Value: vendorkit.Text(0), Source: srcReg},
	{Name: "reg.#.displayName", Value: vendorkit.Text(0), Source: srcReg},
	{Name: "reg.#.label", Value: vendorkit.Text(0), Source: srcReg},
	{Name: "reg.#.server.#.address", Value: vendorkit.Either(vendorkit.Host, vendorkit.OneOf("")), Source: srcReg},
	{Name: "reg.#.server.#.port", Value: vendorkit.Int(1, 65535), Source: srcReg},
	{Name: "reg.#.server.#.transport", Value: vendorkit.OneOf("UDPOnly", "TCPOnly", "TLS"), Source: srcReg},
	{Name: "reg.#.outboundProxy.address", Value: vendorkit.Either(vendorkit.Host, vendorkit.OneOf("")), Source: srcReg},
	{Name: "reg.#.outboundProxy.port", Value: vendorkit.Int(1, 65535), Source: srcReg},
	{Name: "reg.#.outboundProxy.transport", Value: vendorkit.OneOf("UDPOnly", "TCPOnly", "TLS"), Source: srcReg},
	{Name: "msg.mwi.#.callBack", Value: vendorkit.Match(`[0-9*#+]*`), Source: srcReg},
	{Name: "sec.srtp.enable", Value: bit, Source: srcReg},
	{Name: "sec.srtp.offer", Value: bit, Source: srcReg},
	{Name: "sec.srtp.require", Value: bit, Source: srcReg},

	{Name: "attendant.resourceList.#.address", Value: vendorkit.Match(`[0-9]{0,15}`), Source: srcAttendant},
	{Name: "attendant.resourceList.#.label", Value: vendorkit.Text(0), Source: srcAttendant},
	{Name: "attendant.resourceList.#.type", Value: vendorkit.OneOf("normal", "automata"), Source: srcAttendant},

	{Name: "lineKey.reassignment.enabled", Value: bit, Source: srcLineKey},
	{Name: "lineKey.#.category", Value: vendorkit.OneOf("Unassigned", "Line", "BLF"), Source: srcLineKey},
	{Name: "lineKey.#.index", Value: vendorkit.Int(0, 999), Source: srcLineKey},

	{Name: "device.set", Value: vendorkit.OneOf("1"), Source: srcDevice},
	{Name: "device.auth.localAdminPassword", Value: vendorkit.Text(maxPassword), Source: srcPassword},
	{Name: "device.auth.localAdminPassword.set", Value: bit, Source: srcPassword},
	{Name: "device.auth.localUserPassword", Value: vendorkit.Text(maxPassword), Source: srcPassword},
	{Name: "device.auth.localUserPassword.set", Value: bit, Source: srcPassword},
	{Name: "device.prov.serverName", Value: vendorkit.URL, Source: srcDevice},
	{Name: "device.prov.serverName.set", Value: bit, Source: srcDevice},
	{Name: "device.prov.upgradeServer", Value: vendorkit.URL, Source: srcDevice},
	{Name: "device.prov.upgradeServer.set", Value: bit, Source: srcDevice},

	{Name: "lcl.ml.lang", Value: vendorkit.OneOf("German_Germany", "English_United_States", "French_France"), Source: srcLang},

	// vendors.md §2 "Files requested": wazo disables uploads of local changes.
	{Name: "prov.autoConfigUpload.enabled", Value: bit, Source: "vendors.md §2 \"Files requested\" (wazo_polycom v6_4_6 000000000000.cfg / base.tpl: prov.autoConfigUpload.enabled=0)"},
	{Name: "prov.polling.enabled", Value: bit, Source: srcPolling},
	{Name: "prov.polling.mode", Value: vendorkit.OneOf("abs", "rel", "random"), Source: srcPolling},
	{Name: "prov.polling.period", Value: vendorkit.Int(minPolling, 1<<31-1), Source: srcPolling},
	{Name: "prov.polling.time", Value: vendorkit.Match(`([01][0-9]|2[0-3]):[0-5][0-9]`), Source: srcRandomPolling},
	{Name: "prov.polling.timeRandomEnd", Value: vendorkit.Match(`([01][0-9]|2[0-3]):[0-5][0-9]`), Source: srcRandomPolling},

	{Name: "tcpIpApp.sntp.address", Value: vendorkit.Host, Source: srcTime},
	{Name: "tcpIpApp.sntp.address.overrideDHCP", Value: bit, Source: srcTime + "; wazo_polycom base.tpl"},
	{Name: "tcpIpApp.sntp.gmtOffset", Value: vendorkit.Int(-12*3600, 14*3600), Source: srcTime},
	{Name: "tcpIpApp.sntp.gmtOffset.overrideDHCP", Value: bit, Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.enable", Value: bit, Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.fixedDayEnable", Value: bit, Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.start.month", Value: vendorkit.Int(1, 12), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.start.date", Value: vendorkit.Int(1, 31), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.start.time", Value: vendorkit.Int(0, 23), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.start.dayOfWeek", Value: vendorkit.Int(1, 7), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth", Value: bit, Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.stop.month", Value: vendorkit.Int(1, 12), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.stop.date", Value: vendorkit.Int(1, 31), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.stop.time", Value: vendorkit.Int(0, 23), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.stop.dayOfWeek", Value: vendorkit.Int(1, 7), Source: srcTime},
	{Name: "tcpIpApp.sntp.daylightSavings.stop.dayOfWeek.lastInMonth", Value: bit, Source: srcTime},
}
