package app_test

import (
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// TestSetKeys puts function keys on devices of several vendors, each list
// checked against the device's model from the catalogue: an accepted list
// replaces the keys and reaches the profile; a refused one names the
// element and field and leaves the keys as they were.
func TestSetKeys(t *testing.T) {
	e, tn := acme(t)
	devices := map[string]*app.DeviceView{}
	for _, model := range []string{"yealink-t54w", "poly-vvx250", "fanvil-x3u", "cisco-cp-6841"} {
		devices[model] = e.device(tn.cust.ID, "", app.DeviceInput{Model: model})
	}
	fk := func(module, index int, typ switchboard.KeyType, value string) []switchboard.FunctionKey {
		return []switchboard.FunctionKey{{Module: module, Index: index, Type: typ, Value: value}}
	}
	y, err := e.svc.Model("yealink-t54w")
	e.must(err)
	withLabel := func(keys []switchboard.FunctionKey, label string) []switchboard.FunctionKey {
		keys[0].Label = label
		return keys
	}
	longLabel := withLabel(fk(0, 1, switchboard.KeyBLF, "202"), strings.Repeat("x", 41))
	for _, c := range []struct {
		name  string
		model string
		keys  []switchboard.FunctionKey
		field string
		// want are the profile's keys when they differ from keys: a line
		// without a key gets the first free key.
		want []switchboard.FunctionKey
	}{
		{"every Yealink type", y.ID, slices.Concat(fk(0, 1, switchboard.KeyLine, "1"), fk(0, 2, switchboard.KeyBLF, "202"),
			fk(0, 3, switchboard.KeySpeedDial, "+4930123"), fk(0, 4, switchboard.KeyVoicemail, ""),
			fk(0, y.LineKeys, switchboard.KeyGroup, "600"), fk(y.Modules, y.ModuleKeys, switchboard.KeyExtension, "203")), "", nil},
		{"module beyond the last", y.ID, fk(y.Modules+1, 1, switchboard.KeyBLF, "202"), "[0].module", nil},
		{"key 0", y.ID, fk(0, 0, switchboard.KeyBLF, "202"), "[0].index", nil},
		{"key beyond the phone's", y.ID, slices.Concat(fk(0, 1, switchboard.KeyBLF, "202"), fk(0, y.LineKeys+1, switchboard.KeyBLF, "203")), "[1].index", nil},
		{"key beyond the module's", y.ID, fk(1, y.ModuleKeys+1, switchboard.KeyBLF, "202"), "[0].index", nil},
		{"key twice", y.ID, slices.Concat(fk(0, 5, switchboard.KeyBLF, "202"), fk(0, 5, switchboard.KeyBLF, "203")), "[1].index", nil},
		{"line beyond the model's lines", y.ID, fk(0, 1, switchboard.KeyLine, "99"), "[0].value", nil},
		{"BLF without extension", y.ID, fk(0, 1, switchboard.KeyBLF, ""), "[0].value", nil},
		{"speed dial with letters", y.ID, fk(0, 1, switchboard.KeySpeedDial, "call mom"), "[0].value", nil},
		{"label too long", y.ID, longLabel, "[0].label", nil},
		{"type the vendor lacks", y.ID, fk(0, 1, switchboard.KeyDirectory, ""), "[0].type", nil},
		{"Poly BLF", "poly-vvx250", fk(0, 1, switchboard.KeyBLF, "202"), "", slices.Concat(fk(0, 1, switchboard.KeyBLF, "202"), withLabel(fk(0, 2, switchboard.KeyLine, "1"), "Hot desk"))},
		{"Poly speed dial", "poly-vvx250", fk(0, 1, switchboard.KeySpeedDial, "123"), "[0].type", nil},
		{"Poly expansion module", "poly-vvx250", fk(1, 1, switchboard.KeyBLF, "202"), "[0].module", nil},
		{"Fanvil offers no voicemail key", "fanvil-x3u", fk(0, 1, switchboard.KeyVoicemail, ""), "[0].type", nil},
		{"Cisco line key", "cisco-cp-6841", fk(0, 2, switchboard.KeyLine, ""), "", nil},
		{"no keys: the line gets key 1", "cisco-cp-6841", nil, "", withLabel(fk(0, 1, switchboard.KeyLine, "1"), "Hot desk")},
	} {
		d := devices[c.model]
		before := e.stored(d.ID).Keys
		_, err := e.svc.SetKeys(e.ctx, tn.admin, d.ID, c.keys)
		if c.field != "" {
			wantCode(t, c.name, err, switchboard.EINVALID)
			if f := switchboard.ErrorField(err); f != c.field {
				t.Errorf("%s: error names %q, want %q", c.name, f, c.field)
			}
			if after := e.stored(d.ID).Keys; !slices.Equal(after, before) {
				t.Errorf("%s: refused keys changed the device: %v → %v", c.name, before, after)
			}
			continue
		}
		wantCode(t, c.name, err, "")
		p, err := e.svc.ProvisioningByKey(e.ctx, e.stored(d.ID).AccessKey)
		e.must(err)
		want := c.keys
		if c.want != nil {
			want = c.want
		}
		if got := p.Profile(false).Keys; !slices.Equal(got, want) {
			t.Errorf("%s: profile keys %v, want %v", c.name, got, want)
		}
	}
}

// TestKeysSurviveNewKeyAndReset sets keys and settings, then renews the
// access key and resets the device: both keep the keys, the SIP account,
// the MAC and the passwords set by hand.
func TestKeysSurviveNewKeyAndReset(t *testing.T) {
	e, tn := acme(t)
	d := e.device(tn.cust.ID, tn.wp2.ID, app.DeviceInput{Model: "snom-d785", MAC: "000413aabbcc", AdminPassword: "2580"})
	keys := []switchboard.FunctionKey{{Index: 1, Type: switchboard.KeyBLF, Value: "201", Label: "Erika"}}
	_, err := e.svc.SetKeys(e.ctx, tn.admin, d.ID, keys)
	e.must(err)
	before := e.stored(d.ID)
	_, err = e.svc.NewKey(e.ctx, tn.admin, d.ID)
	e.must(err)
	_, err = e.svc.DeviceAction(e.ctx, tn.admin, d.ID, switchboard.ActionReset)
	e.must(err)
	after := e.stored(d.ID)
	if !slices.Equal(after.Keys, keys) || after.SIP != before.SIP || after.MAC != before.MAC || after.AdminPassword != "2580" {
		t.Errorf("after new key and reset: keys %v, SIP kept %v, MAC %q, admin password %q",
			after.Keys, after.SIP == before.SIP, after.MAC, after.AdminPassword)
	}
	if after.AccessKey == before.AccessKey {
		t.Error("new key kept the access key")
	}
}
