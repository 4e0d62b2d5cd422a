package poly

// KnownKeys lists every attribute Render may emit; '#' stands for a number.
// Sources are sections of ../shared/research/vendors.md (§2 Poly).
var KnownKeys = []string{
	// §2 "Files requested": master file attributes (wazo 000000000000.cfg) [V].
	"APP_FILE_PATH",
	"CONFIG_FILES",
	// §2 "Registration keys" [V].
	"reg.#.address",
	"reg.#.auth.userId",
	"reg.#.auth.password",
	"reg.#.displayName",
	"reg.#.label",
	"reg.#.server.#.address",
	"reg.#.server.#.port",
	"reg.#.server.#.transport",
	"reg.#.outboundProxy.address",
	"reg.#.outboundProxy.port",
	"reg.#.outboundProxy.transport",
	"msg.mwi.#.callBack",
	// §2 SRTP [V].
	"sec.srtp.enable",
	"sec.srtp.offer",
	"sec.srtp.require",
	// §2 "BLF / attendant / keys" [V].
	"attendant.resourceList.#.address",
	"attendant.resourceList.#.label",
	"attendant.resourceList.#.type",
	// §2 "Device / admin keys" [V]: each device.* value needs its .set.
	"device.set",
	"device.auth.localAdminPassword",
	"device.auth.localAdminPassword.set",
	"device.auth.localUserPassword",
	"device.auth.localUserPassword.set",
	"device.prov.serverName",
	"device.prov.serverName.set",
	"device.prov.upgradeServer",
	"device.prov.upgradeServer.set",
	// wazo-provd-plugins wazo-polycom common/templates/base.tpl and
	// common/common.py (_LOCALE): the phone's language.
	"lcl.ml.lang",
	// §2: wazo disables uploads of local changes [V].
	"prov.autoConfigUpload.enabled",
}
