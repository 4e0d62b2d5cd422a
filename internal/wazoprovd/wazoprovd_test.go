package wazoprovd

import (
	"reflect"
	"strings"
	"testing"
)

// TestParse reads the list and the single device wazo-provd's REST API
// answers, fields Switchboard does not use included.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []Device
		err       string
	}{
		{"list", `{"devices": [{"added": "auto", "config": "38e5", "configured": true, "description": "", "id": "38e5",
			"ip": "10.34.1.122", "mac": "00:15:65:33:e5:76", "model": "T54W", "plugin": "wazo-yealink-86.0",
			"remote_state_sip_username": "je5qtq", "vendor": "Yealink", "version": "96.86.0.70"},
			{"mac": "00:04:13:aa:bb:02", "vendor": "Snom", "model": "D785", "description": "Lab"}]}`,
			[]Device{{Index: 1, MAC: "00:15:65:33:e5:76", Vendor: "Yealink", Model: "T54W"},
				{Index: 2, MAC: "00:04:13:aa:bb:02", Vendor: "Snom", Model: "D785", Description: "Lab"}}, ""},
		{"one device", `{"device": {"mac": "0c:38:3e:aa:bb:03", "vendor": "Fanvil", "model": "X6U"}}`,
			[]Device{{Index: 1, MAC: "0c:38:3e:aa:bb:03", Vendor: "Fanvil", Model: "X6U"}}, ""},
		{"seen by address only", `{"devices": [{"ip": "10.0.0.9", "vendor": "Yealink"}]}`, nil, "device 1 has no MAC"},
		{"other JSON", `{"users": []}`, nil, "neither"},
		{"two documents", `{"devices": []} {}`, nil, "more than one"},
		{"not JSON", `mac,vendor`, nil, "not a wazo-provd"},
	} {
		got, err := Parse(strings.NewReader(tc.doc))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

// FuzzParse: any input parses or is refused with an error; never a
// panic, and every device parsed has a MAC and its place in the list.
func FuzzParse(f *testing.F) {
	f.Add(`{"devices": [{"mac": "00:15:65:33:e5:76", "vendor": "Yealink", "model": "T54W"}]}`)
	f.Add(`{"device": {"mac": "x", "vendor": 1}}`)
	f.Add(`{"devices": null, "device": {}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		ds, err := Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		for i, d := range ds {
			if d.MAC == "" || d.Index != i+1 {
				t.Fatalf("device %d: %+v", i, d)
			}
		}
	})
}
