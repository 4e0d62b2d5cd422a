package grandstream

import (
	"maps"
	"slices"
	"strconv"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Sources. The official templates are read in the copies FusionPBX keeps
// (fusionpbx/fusionpbx, resources/templates/provision/grandstream/…):
// the GXP21xx one in the P-value form, the GRP26xx one (1.0.9.103) in the
// alias form with the P-value of each setting in a comment.
const (
	srcGXP    = "Grandstream configuration template GXP2130/2140/2160/2170/2135 firmware 1.0.10.35 (fusionpbx/fusionpbx gxp2135|gxp2170/{$mac}.xml @ 78866895b7)"
	srcGRP    = "Grandstream configuration template GRP261x/2x/3x/5x/7x firmware 1.0.9.103, 'Pvalue' comments (fusionpbx/fusionpbx grp2614/{$mac}.xml @ c7a00dc)"
	srcGRPOld = "Grandstream GRP2614 P-value template, accounts 1-4 (fusionpbx/fusionpbx grp2614/{$mac}.xml @ 78866895b7)"
	srcBoth   = srcGXP + "; " + srcGRP
	srcVPK    = srcGXP + ", Virtual Multi-Purpose Keys (VPK 1-6: P1363+2(n-1) mode/account, P1465+2(n-1) description/value; VPK 7+: P23800+4(n-7)); GRP: " + srcGRP + " (VPK 1 = P1363/P1364/P1465/P1466, same layout)"
)

func key(name string, rule vendorkit.Rule, source string) vendorkit.Key {
	return vendorkit.Key{Name: name, Value: rule, Source: source}
}

var (
	optionalHost = vendorkit.Either(vendorkit.Host, vendorkit.OneOf(""))
	boolean      = vendorkit.OneOf("0", "1")
)

// languages are the P1362 codes of both templates.
var languages = vendorkit.OneOf("auto", "ar", "cz", "de", "en", "es", "fr", "he", "hr", "hu", "it", "ja", "ko", "lv", "nl", "pl", "pt", "ru", "sl", "se", "tr", "zh", "zh-tw")

// Keys lists every P-value Render may emit, with its values and source.
var Keys = func() []vendorkit.Key {
	keys := []vendorkit.Key{
		key("P30", optionalHost, srcBoth+": NTP Server"),
		key("P8333", optionalHost, srcBoth+": Secondary NTP Server"),
		key("P144", boolean, srcBoth+": Allow DHCP Option 42 to override NTP server"),
		key("P64", vendorkit.OneOf(append(slices.Collect(maps.Values(listEntries)), customize)...), srcBoth+": Time Zone list"),
		key("P246", vendorkit.Either(vendorkit.Text(64), vendorkit.PosixTZ), srcBoth+": Self-Defined Time Zone, max 64 characters"),
		key("P143", boolean, srcBoth+": Allow DHCP Option 2 to override Time Zone"),
		key("P1362", languages, srcBoth+": Display Language"),
		key("P194", vendorkit.OneOf("0", "1", "2", "3"), srcGXP+": Automatic Upgrade (1 = check every P193 minutes, 2 = by Hour of Day setting, 3 = by Day of Week setting)"),
		key("P193", vendorkit.Int(60, 5256000), srcGXP+" (60-86400); "+srcGRP+" (60-5256000): Automatic Upgrade Check Interval in minutes"),
		// Randomised automatic upgrade: with P194 2 (daily at the hour of
		// P285) the phone checks at a random time between the start hour
		// P285 and the end hour P8459, so phones do not all ask at once.
		key("P8458", boolean, srcGXP+": Randomized Automatic Upgrade, 0 No, 1 Yes; "+srcGRP+" (provisioning.auto.randomTime.enable)"),
		key("P285", vendorkit.Int(0, 23), srcGXP+": Hour of the Day, Start (0-23); "+srcGRP+" (provisioning.auto.hour)"),
		key("P8459", vendorkit.Int(-1, 23), srcGXP+": Hour of the Day, End (-1, 0-23); "+srcGRP+" (provisioning.auto.endHour)"),
		key("P2", vendorkit.Match(`[A-Za-z0-9]*`), srcBoth+": Admin Password, String: a-z, A-Z, 0-9"),
		key("P196", vendorkit.Match(`[A-Za-z0-9]*`), srcBoth+": End User Password, String: a-z, A-Z, 0-9"),
		key("P212", vendorkit.OneOf("0", "1", "2", "3", "4"), srcGXP+": Config Upgrade Via (2 = HTTPS)"),
		key("P237", vendorkit.Text(0), srcBoth+": Config Server Path"),
		key("P330", vendorkit.OneOf("0", "1", "2", "3"), srcPhonebook),
		key("P331", vendorkit.Text(0), srcPhonebook),
		key("P332", vendorkit.Int(0, 720), srcPhonebook),
		key("P192", vendorkit.Text(0), srcBoth+": Firmware Server Path"),
	}
	for n := 1; n <= 6; n++ {
		a := accountP(n)
		src := srcGXP + ", Account " + strconv.Itoa(n)
		if n <= 4 {
			src += "; " + srcGRPOld
		}
		keys = append(keys,
			key(a.active, boolean, src+": Account Active"),
			key(a.name, vendorkit.Text(0), src+": Account Name"),
			key(a.server, optionalHost, src+": SIP Server"),
			key(a.proxy, optionalHost, src+": Outbound Proxy"),
			key(a.userID, vendorkit.Text(0), src+": SIP User ID"),
			key(a.authID, vendorkit.Text(0), src+": Authenticate ID"),
			key(a.password, vendorkit.Text(0), src+": Authenticate Password"),
			key(a.display, vendorkit.Text(0), src+": Name"),
			key(a.voicemail, vendorkit.Text(0), src+": Voice Mail Access Number"),
			key(a.transport, vendorkit.OneOf("0", "1", "2"), src+": SIP Transport (0 UDP, 1 TCP, 2 TLS/TCP)"),
			key(a.srtp, vendorkit.OneOf("0", "1", "2", "3"), src+": SRTP Mode (0 off, 1 enabled not forced, 2 forced)"),
			key(a.sipReset, boolean, src+": Allow SIP Reset (account 1 also "+srcGRP+": P26015)"),
		)
	}
	for n := 1; n <= 48; n++ {
		p := vpkP(n)
		vpk := ", VPK " + strconv.Itoa(n)
		keys = append(keys,
			// GXP fixed VPKs: -1, 0, 1, 10-36; dynamic: -1 to 26; GRP: -1 to 33.
			key(p[0], vendorkit.Int(-1, 36), srcVPK+vpk+": Key Mode"),
			key(p[1], vendorkit.Int(0, 5), srcVPK+vpk+": Account (0 = Account 1)"),
			key(p[2], vendorkit.Text(32), srcVPK+vpk+": Description, max 32 characters"),
			key(p[3], vendorkit.Text(64), srcVPK+vpk+": Value, max 64 characters"),
		)
	}
	return keys
}()
