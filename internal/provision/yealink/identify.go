package yealink

import (
	"regexp"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// uaPattern matches "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4",
// "Yealink SIP VP-T49G …", "Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e" and
// the MAC-less "Yealink-T46G 28.71.0.81 …" (vendors.md §1 "User-Agent").
var uaPattern = regexp.MustCompile(`^Yealink[ -](?:SIP[ -](?:VP-)?)?([A-Za-z0-9]{2,12})(?:\s+([0-9][0-9.]{0,40}))?(?:\s+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{12}))?\b`)

// macFile matches the per-device files "<mac>.cfg", "<mac>.boot",
// "<mac>-local.cfg", "<mac>-contact.xml" and the logs "<mac>-boot.log",
// "<mac>-sys.log" (Model.OtherFiles); commonFile the common files
// "y0000000000NN.cfg" and the common boot file "y000000000000.boot".
var (
	macFile    = regexp.MustCompile(`^([0-9a-fA-F]{12})(?:\.(?:cfg|boot)|-local\.cfg|-contact\.xml|-(?:boot|sys)\.log)$`)
	commonFile = regexp.MustCompile(`^y000000000([0-9]{3})\.(?:cfg|boot)$`)
)

// ouis are Yealink's known MAC prefixes (wazo v86 KNOWN_MAC_PREFIXES,
// vendors.md §1).
var ouis = []string{"001565", "e434d7", "805ec0", "805e0c", "249ad8", "3497d7", "44dbd2", "644f56", "b061a9", "c4fc22", "ec1da9", "f01653"}

// Identify reports what a request shows about a Yealink device: model from
// the User-Agent or the common file's code, MAC from the User-Agent or the
// MAC file name. ok is false when neither looks like Yealink's.
func Identify(userAgent, fileName string) (switchboard.Identity, bool) {
	var s vendorkit.Sighting
	if m := vendorkit.MatchUA(uaPattern, userAgent); m != nil {
		s.Known = true
		s.Model = modelID(strings.ToUpper(m[1]))
		s.UAMAC = vendorkit.MAC(m[3])
	}
	if m := commonFile.FindStringSubmatch(fileName); m != nil {
		s.Known = true
		if name, ok := modelCodes.Value(m[1]); ok && s.Model == "" {
			s.Model = modelID(name)
		}
	}
	if m := macFile.FindStringSubmatch(fileName); m != nil {
		s.FileMAC = vendorkit.MAC(m[1])
		s.Known = s.Known || vendorkit.HasOUI(s.FileMAC, ouis...)
	}
	return s.Identity(Vendor)
}
