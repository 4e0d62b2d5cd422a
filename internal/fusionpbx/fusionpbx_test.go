package fusionpbx

import (
	"reflect"
	"strings"
	"testing"
)

// TestParse reads files as FusionPBX's device list writes them, with
// either separator, columns in any order and columns read past.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []Device
		err        string
	}{
		{"comma", "device_mac_address,device_label,device_vendor,device_model,device_template,device_enabled\n" +
			"00:15:65:aa:bb:01,Reception,yealink,T54W,yealink/t54w,true\n",
			[]Device{{Line: 2, MAC: "00:15:65:aa:bb:01", Vendor: "yealink", Model: "T54W", Description: "Reception"}}, ""},
		{"semicolon, label and description, short line", "device_vendor;device_mac_address;device_description;device_label\n" +
			"snom;000413aabb02;2nd floor;Lab\nfanvil;0c383eaabb03\n",
			[]Device{{Line: 2, MAC: "000413aabb02", Vendor: "snom", Description: "Lab – 2nd floor"}, {Line: 3, MAC: "0c383eaabb03", Vendor: "fanvil"}}, ""},
		{"no MAC column", "device_label,device_vendor\nx,yealink\n", nil, "device_mac_address"},
		{"empty", "", nil, "line 1"},
		{"broken quote", "device_mac_address,device_vendor\n\"0015,yealink\n", nil, "line 2"},
	} {
		got, err := Parse(strings.NewReader(tc.file))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one naming %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

// FuzzParse: any input parses or is refused with an error naming a line;
// never a panic, and every device comes from a line after the header.
func FuzzParse(f *testing.F) {
	f.Add("device_mac_address,device_vendor,device_model\n001565aabb01,yealink,T54W\n")
	f.Add("device_vendor;device_mac_address\nsnom;000413aabb02\n")
	f.Add("\ufeffdevice_mac_address,device_vendor\n\"a,b\",\"c\"\"d\"\n")
	f.Fuzz(func(t *testing.T, file string) {
		ds, err := Parse(strings.NewReader(file))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") && !strings.HasPrefix(err.Error(), "read") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, d := range ds {
			if d.Line < 2 {
				t.Fatalf("device from line %d", d.Line)
			}
		}
	})
}
