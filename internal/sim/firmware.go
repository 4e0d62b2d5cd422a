// Package sim simulates desk phones and DECT bases of several vendors
// against a Switchboard server: each phone has its vendor's MAC prefix and
// User-Agent, asks for its vendor's files in the vendor's order over HTTPS,
// reads what it gets with the vendor package's own parser, registers with
// digest using the SIP account found in that profile, re-registers before
// expiry and answers a check-sync NOTIFY by fetching again. It backs
// `switchboard sim`, `switchboard demo`, the boot-storm benchmark and
// end-to-end tests.
//
// Phones share what a real phone would not notice: one UDP socket per
// group of phones (each with its own Contact user), and a few worker
// goroutines per group, so that tens of thousands of phones on a small
// machine load the server, not the simulator.
package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// firmware is how one vendor's phones present themselves (vendors.md §1–7).
type firmware struct {
	// oui is the MAC prefix phones of the vendor get.
	oui string
	// httpUA and sipUA build the User-Agent of provisioning requests and of
	// SIP requests from the model's name token, the canonical MAC and the
	// running version; a firmware without sipUA sends the same User-Agent
	// over both.
	httpUA func(token, mac, version string) string
	sipUA  func(token, mac, version string) string
	// token turns a catalogue id into the model name the firmware reports.
	token func(modelID string) string
	// version is what a phone runs out of the box.
	version string
	// upgradeKey is the key of the parsed profile naming the firmware to
	// install (the vendor package renders it from Profile.FirmwareURL);
	// empty where the vendor takes none, and such phones never upgrade.
	// schemeless says the value comes without "https://" (Grandstream P192).
	upgradeKey string
	schemeless bool
}

// firmwares are the vendors the simulator can play. A vendor without an
// entry here cannot be simulated (its phones' behaviour is not described).
var firmwares = map[string]firmware{
	"yealink": {
		oui: "001565",
		// "Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4"
		httpUA:     func(t, mac, v string) string { return "Yealink SIP-" + t + " " + v + " " + colonMAC(mac) },
		token:      upperAfter("yealink-"),
		version:    "66.86.0.160",
		upgradeKey: "static.firmware.url",
	},
	"poly": {
		oui: "0004f2",
		// "FileTransport PolycomVVX-VVX_450-UA/6.4.3.5018 Type/Application";
		// the UA carries no MAC.
		httpUA: func(t, _, v string) string {
			return "FileTransport " + polyProduct(t) + "-" + t + "-UA/" + v + " Type/Application"
		},
		sipUA:      func(t, _, v string) string { return polyProduct(t) + "-" + t + "-UA/" + v },
		token:      polyToken,
		version:    "6.4.3.5018",
		upgradeKey: "device.prov.upgradeServer",
	},
	"snom": {
		oui: "000413",
		// "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 … 00041396D9B4 SXM:0 UXM:0 UXMC:0)"
		httpUA: func(t, mac, v string) string {
			return "Mozilla/4.0 (compatible; snom" + t + "-SIP " + v + " 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) " + strings.ToUpper(mac) + " SXM:0 UXM:0 UXMC:0)"
		},
		sipUA:      func(t, mac, v string) string { return "snom" + t + "-SIP/" + v + " " + strings.ToUpper(mac) },
		token:      upperAfter("snom-"),
		version:    "10.1.169.16",
		upgradeKey: "firmware",
	},
	"grandstream": {
		oui: "000b82",
		// "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872"
		httpUA:     func(t, mac, v string) string { return "Grandstream Model HW " + t + " SW " + v + " DevId " + mac },
		sipUA:      func(t, mac, v string) string { return "Grandstream " + t + " " + v + " " + mac },
		token:      upperAfter("grandstream-"),
		version:    "1.0.7.97",
		upgradeKey: "P192",
		schemeless: true,
	},
	"gigaset": {
		oui: "7c2f80",
		// "Gigaset N870 IP PRO/83.V2.11.0+build.a546b91;7C2F80E0D605": the
		// release ("2.11.0") inside the base's longer build name.
		httpUA: func(t, mac, v string) string {
			return "Gigaset " + t + " IP PRO/83.V" + v + "+build.a546b91;" + strings.ToUpper(mac)
		},
		token:      upperAfter("gigaset-"),
		version:    "2.11.0",
		upgradeKey: "firmware.url",
	},
	"fanvil": {
		oui: "0c383e",
		// "Fanvil X4 2.10.2.6887 0c383e07e16c"
		httpUA:     func(t, mac, v string) string { return "Fanvil " + t + " " + v + " " + mac },
		token:      upperAfter("fanvil-"),
		version:    "2.10.2.6887",
		upgradeKey: "AUTOUPDATE_CONFIG_MODULE.Auto_Image_URL",
	},
	"audiocodes": {
		oui: "00908f",
		// "AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.343.002" (the form the
		// audiocodes package recognises); the gateway shows no MAC in it.
		httpUA:     func(t, _, v string) string { return "AudioCodes-Sip-Gateway-" + t + " FXS/v." + v },
		token:      upperAfter("audiocodes-"),
		version:    "6.60A.343.002",
		upgradeKey: "CmpFileURL",
	},
	"cisco": {
		oui: "00562b",
		// "Cisco-CP-8841-3PCC/11.3.1 (00562b043615)"
		httpUA:     func(t, mac, v string) string { return "Cisco-" + t + "-3PCC/" + v + " (" + mac + ")" },
		sipUA:      func(t, mac, v string) string { return "Cisco/" + t + "-" + v + " (" + mac + ")" },
		token:      upperAfter("cisco-"),
		version:    "11.3.1",
		upgradeKey: "Upgrade_Rule",
	},
}

// Vendors lists the vendor families the simulator can play, sorted.
func Vendors() []string {
	out := make([]string, 0, len(firmwares))
	for v := range firmwares {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// Simulates reports whether phones of the model can be simulated: its
// vendor is known here and the model fetches a profile of its own.
func Simulates(m switchboard.Model) bool {
	_, ok := firmwares[m.Vendor]
	return ok && m.URLForm != switchboard.URLNone && len(m.Files) > 0
}

// MAC returns a MAC with the vendor's prefix that is the same for the same
// seed and index, so that a second run finds the devices of the first.
// The indexes of one seed count up from a start the seed picks, so they
// never collide (below 2^24). ok is false for a vendor the simulator does
// not know.
func MAC(vendor, seed string, index int) (string, bool) {
	fw, ok := firmwares[vendor]
	if !ok {
		return "", false
	}
	sum := sha256.Sum256([]byte(vendor + "/" + seed))
	start := binary.BigEndian.Uint32(sum[:4]) >> 8
	return fmt.Sprintf("%s%06x", fw.oui, (start+uint32(index))&0xffffff), true
}

// UserAgents returns the HTTP and SIP User-Agents a phone of model m with
// the given MAC sends out of the box.
func UserAgents(m switchboard.Model, mac string) (httpUA, sipUA string, ok bool) {
	fw, ok := firmwares[m.Vendor]
	if !ok {
		return "", "", false
	}
	return UserAgentsWith(m, mac, fw.version)
}

// UserAgentsWith returns the User-Agents of a phone running version.
func UserAgentsWith(m switchboard.Model, mac, version string) (httpUA, sipUA string, ok bool) {
	fw, ok := firmwares[m.Vendor]
	if !ok {
		return "", "", false
	}
	t := fw.token(m.ID)
	sip := fw.httpUA
	if fw.sipUA != nil {
		sip = fw.sipUA
	}
	return fw.httpUA(t, mac, version), sip(t, mac, version), true
}

// FactoryVersion is the firmware version a simulated phone of the vendor
// runs until it installs another; "" for a vendor the simulator does not
// play.
func FactoryVersion(vendor string) string {
	return firmwares[vendor].version
}

// FileNames returns the file names a phone of model m asks for under a
// directory-form provisioning URL, in the firmware's order, with its MAC
// filled in.
func FileNames(m switchboard.Model, mac string) []string {
	out := make([]string, len(m.Files))
	r := strings.NewReplacer("{mac}", strings.ToLower(mac), "{MAC}", strings.ToUpper(mac))
	for i, f := range m.Files {
		out[i] = r.Replace(f)
	}
	return out
}

// otherNames returns the names of the model's OtherFiles for the MAC; a
// name that needs a MAC is skipped while there is none.
func otherNames(m switchboard.Model, mac string) []string {
	var out []string
	r := strings.NewReplacer("{mac}", strings.ToLower(mac), "{MAC}", strings.ToUpper(mac))
	for _, f := range m.OtherFiles {
		if mac == "" && strings.Contains(strings.ToLower(f), "{mac}") {
			continue
		}
		out = append(out, r.Replace(f))
	}
	return out
}

func upperAfter(prefix string) func(string) string {
	return func(id string) string { return strings.ToUpper(strings.TrimPrefix(id, prefix)) }
}

// polyToken turns "poly-vvx450" into "VVX_450" and "poly-edge-e450" into
// "Edge_E450", the product part of a Poly User-Agent.
func polyToken(id string) string {
	rest := strings.TrimPrefix(id, "poly-")
	if e, ok := strings.CutPrefix(rest, "edge-"); ok {
		return "Edge_" + strings.ToUpper(e)
	}
	i := strings.IndexAny(rest, "0123456789")
	if i < 0 {
		return strings.ToUpper(rest)
	}
	return strings.ToUpper(rest[:i]) + "_" + rest[i:]
}

// polyProduct is the product family word before the model in a Poly UA.
func polyProduct(token string) string {
	if strings.HasPrefix(token, "Edge_") {
		return "PolyEdge"
	}
	return "PolycomVVX"
}

// colonMAC writes a canonical MAC as Yealink does: "00:15:65:bd:56:d4".
func colonMAC(mac string) string {
	if len(mac) != 12 {
		return mac
	}
	parts := make([]string, 6)
	for i := range parts {
		parts[i] = mac[2*i : 2*i+2]
	}
	return strings.Join(parts, ":")
}
