package softclient_test

import (
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/softclient"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendortest"
)

var kit = vendortest.Vendor{Family: softclient.Family, MAC: "", FirmwareURL: "https://fw.example.net/softclient/none"}

func TestRenderGolden(t *testing.T) {
	kit.CheckGolden(t, vendortest.Case{ID: "softclient-desktop", Lines: 1}, vendortest.Case{ID: "softclient-mobile", Lines: 1, TLS: true}, vendortest.Case{ID: "softclient-web", Lines: 1, TLS: true})
}

func TestIdentify(t *testing.T) {
	kit.CheckIdentify(t, []vendortest.IdentifyCase{
		{UA: "Switchboard-Desktop/1.4.2", File: "", OK: true, Want: switchboard.Identity{Vendor: "softclient", Model: "softclient-desktop"}},
		{UA: "Switchboard-Mobile/2.0 (iOS 17)", File: "x.json", OK: true, Want: switchboard.Identity{Vendor: "softclient", Model: "softclient-mobile"}},
		{UA: "Mozilla/5.0", File: "", OK: false, Want: switchboard.Identity{Vendor: "softclient"}},
	})
}

func FuzzParse(f *testing.F) {
	kit.FuzzParse(f, "softclient-desktop",
		`{"format":"switchboard-softclient/1","accounts":[{"username":"a","port":5061,"transport":"tls","srtp":"mandatory"}]}`,
	)
}

func FuzzIdentify(f *testing.F) {
	kit.FuzzIdentify(f, [][2]string{
		{"Switchboard-Desktop/1.4.2", "{key}.json"},
		{"\xff\x00", "../../cfg.xml"},
	})
}

func TestParse(t *testing.T) {
	kit.CheckParseErrors(t, []vendortest.ParseCase{
		{Name: "empty", Body: "", Want: "EOF"},
		{Name: "other format", Body: `{"format":"x/1"}`, Want: "is not"},
		{Name: "unknown field", Body: `{"format":"switchboard-softclient/1","extra":1}`, Want: "unknown field"},
		{Name: "not json", Body: "<x/>", Want: "softclient:"},
	})
}
