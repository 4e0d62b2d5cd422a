package softclient_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/softclient"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{
	Family: softclient.Family, MAC: "", FirmwareURL: "https://fw.example.net/softclient/none",
	Golden: []vendortest.Case{{ID: "softclient-desktop", Lines: 1}, {ID: "softclient-mobile", Lines: 1, TLS: true}, {ID: "softclient-web", Lines: 1, TLS: true}},
	Identities: []vendortest.IdentifyCase{
		{UA: "Switchboard-Desktop/1.4.2", File: "", OK: true, Model: "softclient-desktop"},
		{UA: "Switchboard-Mobile/2.0 (iOS 17)", File: "x.json", OK: true, Model: "softclient-mobile"},
		{UA: "Mozilla/5.0", File: "", OK: false},
	},
	ParseErrors: []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "EOF"},
		{Name: "other format", Body: `{"format":"x/1"}`, Want: "is not"},
		{Name: "unknown field", Body: `{"format":"switchboard-softclient/1","extra":1}`, Want: "unknown field"},
		{Name: "not json", Body: "<x/>", Want: "softclient:"},
	},
	ParseSeeds:    []string{`{"format":"switchboard-softclient/1","accounts":[{"username":"a","port":5061,"transport":"tls","srtp":"mandatory"}]}`},
	IdentifySeeds: [][2]string{{"Switchboard-Desktop/1.4.2", "{key}.json"}, {"\xff\x00", "../../cfg.xml"}},
}

func TestVendor(t *testing.T)   { kit.Run(t) }
func FuzzParse(f *testing.F)    { kit.FuzzParse(f) }
func FuzzIdentify(f *testing.F) { kit.FuzzIdentify(f) }
func FuzzFirmware(f *testing.F) { kit.FuzzFirmware(f) }
