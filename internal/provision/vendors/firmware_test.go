package vendors_test

import (
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// firmwareCases are User-Agents in each family's documented forms
// (/work/shared/research/vendors.md and the vendors' identify tests).
var firmwareCases = []struct{ ua, want string }{
	{"Yealink SIP-T46S 66.86.0.160 00:15:65:bd:56:d4", "66.86.0.160"},
	{"Yealink SIP-T56A 58.80.0.25 001565f429a4", "58.80.0.25"},
	{"Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e", "146.87.0.15"},
	{"Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0", "28.71.0.81"},
	{"FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 Type/Application", "4.1.4.7430"},
	{"FileTransport PolyEdge-Edge_E450-UA/8.0.0.15602 Type/Application", "8.0.0.15602"},
	{"Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)", "10.1.169.16"},
	{"snom320-SIP 8.4.18 1.1.3-s", "8.4.18"},
	{"Gigaset N670 IP PRO/83.V2.49.1+build.abc;7C2F80E0D606", "2.49.1"},
	{"Grandstream Model HW GXP2200 V2.2A SW 1.0.1.33 DevId 000b82462d97", "1.0.1.33"},
	{"Grandstream Model HW GRP2614 SW 1.0.5.15 DevId c074ad0b63ee", "1.0.5.15"},
	{"Fanvil X4U 2.10.2.6887 0c383e07e16c", "2.10.2.6887"},
	{"Cisco-CP-8841-3PCC/11.3.1 (00562b043615)", "11.3.1"},
	{"Cisco/SPA508G-7.4.4 (0002FDFF2103)(CBT141400UK)", "7.4.4"},
	{"AudioCodes-Sip-Gateway-MP-114 FXS/v.6.60A.227.005", "6.60A.227.005"},
	{"Switchboard-Mobile/2.0 (iOS 17)", "2.0"},
	{"Switchboard-Desktop/1.4.2", "1.4.2"},
	{"curl/8.5.0", ""},
	{"Yealink SIP-T46S", ""},
	{"", ""},
}

func TestFirmware(t *testing.T) {
	for _, c := range firmwareCases {
		if got := vendors.Firmware(c.ua); got != c.want {
			t.Errorf("Firmware(%q) = %q, want %q", c.ua, got, c.want)
		}
	}
}

// FuzzFirmware checks every family's parser at once: a version is a short
// piece of the User-Agent without spaces, never made up.
func FuzzFirmware(f *testing.F) {
	for _, c := range firmwareCases {
		f.Add(c.ua)
	}
	f.Fuzz(func(t *testing.T, ua string) {
		v := vendors.Firmware(ua)
		if v == "" {
			return
		}
		if !strings.Contains(ua, v) || strings.ContainsAny(v, " \t\r\n") || len(v) > vendorkit.MaxFirmware {
			t.Errorf("Firmware(%q) = %q: not a version taken from the User-Agent", ua, v)
		}
	})
}
