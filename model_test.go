package switchboard_test

import (
	"fmt"
	"strings"
	"testing"

	sb "github.com/switchboard-pbx/switchboard"
)

var testPhone = sb.Model{
	ID: "test-phone", Vendor: "test", Name: "Test Phone", Kind: sb.KindDeskPhone,
	Lines: 2, LineKeys: 6, Modules: 2, ModuleKeys: 20,
	KeyTypes: []sb.KeyType{sb.KeyLine, sb.KeySpeedDial, sb.KeyBLF, sb.KeyVoicemail, sb.KeyDirectory, sb.KeyExtension, sb.KeyGroup},
}

func TestValidateKeys(t *testing.T) {
	noBLF := testPhone
	noBLF.KeyTypes = []sb.KeyType{sb.KeyLine, sb.KeySpeedDial}
	noBLF.Modules = 0
	k := func(mod, idx int, typ sb.KeyType, val string) sb.FunctionKey {
		return sb.FunctionKey{Module: mod, Index: idx, Type: typ, Value: val}
	}
	for _, tc := range []struct {
		name  string
		model sb.Model
		keys  []sb.FunctionKey
		field string // empty: valid
		want  string
	}{
		{"none", testPhone, nil, "", ""},
		{"all types", testPhone, []sb.FunctionKey{
			k(0, 1, sb.KeyLine, "1"), k(0, 2, sb.KeyLine, ""), k(0, 3, sb.KeySpeedDial, "*21#"),
			k(0, 4, sb.KeySpeedDial, "+4930123"), k(0, 5, sb.KeyBLF, "201"), k(0, 6, sb.KeyVoicemail, ""),
			k(1, 1, sb.KeyDirectory, ""), k(1, 20, sb.KeyExtension, "202"), k(2, 7, sb.KeyGroup, "600"),
		}, "", ""},
		{"last phone key", testPhone, []sb.FunctionKey{k(0, 6, sb.KeyBLF, "1")}, "", ""},
		{"phone key 0", testPhone, []sb.FunctionKey{k(0, 0, sb.KeyBLF, "201")}, "keys[0].index", "key 0 on the phone does not exist: the Test Phone has keys 1 to 6"},
		{"phone key past end", testPhone, []sb.FunctionKey{k(0, 7, sb.KeyBLF, "201")}, "keys[0].index", "key 7 on the phone does not exist"},
		{"module key past end", testPhone, []sb.FunctionKey{k(1, 21, sb.KeyBLF, "201")}, "keys[0].index", "key 21 on expansion module 1 does not exist: the Test Phone has keys 1 to 20"},
		{"module 3 of 2", testPhone, []sb.FunctionKey{k(3, 1, sb.KeyBLF, "201")}, "keys[0].module", "modules 1 to 2"},
		{"negative module", testPhone, []sb.FunctionKey{k(-1, 1, sb.KeyBLF, "201")}, "keys[0].module", "module -1"},
		{"module on a phone without", noBLF, []sb.FunctionKey{k(1, 1, sb.KeyLine, "")}, "keys[0].module", "takes no expansion module"},
		{"unsupported type", noBLF, []sb.FunctionKey{k(0, 1, sb.KeyBLF, "201")}, "keys[0].type", `key 1 on the phone: type "blf" is not supported by the Test Phone (supported: line, speed_dial)`},
		{"unknown type", testPhone, []sb.FunctionKey{k(0, 1, "macro", "x")}, "keys[0].type", `type "macro"`},
		{"twice", testPhone, []sb.FunctionKey{k(0, 2, sb.KeyBLF, "201"), k(0, 2, sb.KeyBLF, "202")}, "keys[1].index", "key 2 on the phone is given twice"},
		{"same index other module", testPhone, []sb.FunctionKey{k(0, 2, sb.KeyBLF, "201"), k(1, 2, sb.KeyBLF, "202")}, "", ""},
		{"speed dial empty", testPhone, []sb.FunctionKey{k(0, 1, sb.KeySpeedDial, "")}, "keys[0].value", "needs the number"},
		{"speed dial letters", testPhone, []sb.FunctionKey{k(0, 1, sb.KeySpeedDial, "12a")}, "keys[0].value", "only digits, *, # and a leading +"},
		{"speed dial inner plus", testPhone, []sb.FunctionKey{k(0, 1, sb.KeySpeedDial, "12+3")}, "keys[0].value", "leading +"},
		{"speed dial plus only", testPhone, []sb.FunctionKey{k(0, 1, sb.KeySpeedDial, "+")}, "keys[0].value", "leading +"},
		{"speed dial too long", testPhone, []sb.FunctionKey{k(0, 1, sb.KeySpeedDial, strings.Repeat("1", 33))}, "keys[0].value", "speed dial"},
		{"blf without extension", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyBLF, "")}, "keys[0].value", "a blf key needs the extension"},
		{"blf with uri", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyBLF, "sip:201@x")}, "keys[0].value", "extension of 1 to 15 digits"},
		{"extension empty", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyExtension, "")}, "keys[0].value", "extension key needs the extension"},
		{"group empty", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyGroup, "")}, "keys[0].value", "group key needs"},
		{"line 3 of 2", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyLine, "3")}, "keys[0].value", "line number 1 to 2"},
		{"line word", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyLine, "one")}, "keys[0].value", "line number"},
		{"directory with value", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyDirectory, "x")}, "keys[0].value", "takes no value"},
		{"voicemail letters", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyVoicemail, "vm")}, "keys[0].value", "voicemail"},
		{"label too long", testPhone, []sb.FunctionKey{{Index: 1, Type: sb.KeyBLF, Value: "201", Label: strings.Repeat("x", 41)}}, "keys[0].label", "at most 40"},
		{"label control", testPhone, []sb.FunctionKey{{Index: 1, Type: sb.KeyBLF, Value: "201", Label: "a\nb"}}, "keys[0].label", "control"},
		{"label direction override", testPhone, []sb.FunctionKey{{Index: 1, Type: sb.KeyBLF, Value: "201", Label: "Boss\u202exoB"}}, "keys[0].label", "bidirectional"},
		{"second key named", testPhone, []sb.FunctionKey{k(0, 1, sb.KeyBLF, "201"), k(2, 3, sb.KeyBLF, "")}, "keys[1].value", "key 3 on expansion module 2: a blf key"},
	} {
		err := tc.model.ValidateKeys(tc.keys)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.name, err)
			}
			continue
		}
		if sb.ErrorCode(err) != sb.EINVALID || sb.ErrorField(err) != tc.field || !strings.Contains(sb.ErrorMessage(err), tc.want) {
			t.Errorf("%s: got %v (field %q), want invalid %q containing %q", tc.name, err, sb.ErrorField(err), tc.field, tc.want)
		}
	}
}

func TestIsDialString(t *testing.T) {
	for v, want := range map[string]bool{
		"123": true, "*21#": true, "+4930": true, "#": true, "": false, "+": false, "1 2": false, "1-2": false, "++1": false,
	} {
		if got := sb.IsDialString(v); got != want {
			t.Errorf("IsDialString(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestCheckBase(t *testing.T) {
	base := sb.Model{ID: "y-base", Vendor: "y", Name: "Y Base", Kind: sb.KindDECTBase}
	other := sb.Model{ID: "g-base", Vendor: "g", Name: "G Base", Kind: sb.KindDECTBase}
	newer := sb.Model{ID: "y-base2", Vendor: "y", Name: "Y Base 2", Kind: sb.KindDECTBase}
	hs := sb.Model{ID: "y-hs", Vendor: "y", Name: "Y Handset", Kind: sb.KindDECTHandset, Bases: []string{"y-base"}}
	for _, tc := range []struct {
		name     string
		hs, base sb.Model
		want     string
	}{
		{"same vendor, listed", hs, base, ""},
		{"other vendor", hs, other, "same maker"},
		{"same vendor, not listed", hs, newer, "does not work with the Y Base 2"},
		{"names no base: any base of its maker", sb.Model{ID: "y-any", Vendor: "Y", Name: "Y Any", Kind: sb.KindDECTHandset}, newer, ""},
		{"base is a phone", hs, testPhone, "not a DECT base station"},
		{"phone on a base", testPhone, base, "only DECT handsets"},
	} {
		err := tc.hs.CheckBase(tc.base)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if sb.ErrorCode(err) != sb.EINVALID || sb.ErrorField(err) != "base" || !strings.Contains(sb.ErrorMessage(err), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestActionEvent(t *testing.T) {
	both := sb.Model{Name: "Both", CanSync: true, CanReboot: true, SyncEvent: "check-sync", RebootEvent: "check-sync"}
	cisco := sb.Model{Name: "Resyncer", CanSync: true, SyncEvent: "resync"}
	none := sb.Model{Name: "Client"}
	for _, tc := range []struct {
		m      sb.Model
		a      sb.Action
		event  string
		reboot bool
		code   string
	}{
		{both, sb.ActionSync, "check-sync", false, ""},
		{both, sb.ActionReboot, "check-sync", true, ""},
		{both, sb.ActionReset, "check-sync", true, ""},
		{both, sb.ActionReconfigure, "check-sync", true, ""},
		{cisco, sb.ActionSync, "resync", false, ""},
		{cisco, sb.ActionReboot, "", false, sb.ECONFLICT},
		{cisco, sb.ActionReset, "resync", false, ""},
		{none, sb.ActionSync, "", false, sb.ECONFLICT},
		{none, sb.ActionReconfigure, "", false, sb.ECONFLICT},
		{both, "dance", "", false, sb.EINVALID},
	} {
		event, reboot, err := tc.m.ActionEvent(tc.a)
		if event != tc.event || reboot != tc.reboot || sb.ErrorCode(err) != tc.code {
			t.Errorf("%s %s: got %q %v %v, want %q %v code %q", tc.m.Name, tc.a, event, reboot, err, tc.event, tc.reboot, tc.code)
		}
		if tc.code == sb.ECONFLICT && !strings.Contains(sb.ErrorMessage(err), tc.m.Name) {
			t.Errorf("%s %s: message %q does not name the model", tc.m.Name, tc.a, sb.ErrorMessage(err))
		}
	}
}

func TestWithLineKeys(t *testing.T) {
	m := sb.Model{Name: "P", Lines: 3, LineKeys: 4, Modules: 1, ModuleKeys: 10, KeyTypes: []sb.KeyType{sb.KeyLine, sb.KeyBLF}}
	blf := sb.FunctionKey{Module: 0, Index: 1, Type: sb.KeyBLF, Value: "201"}
	line2 := sb.FunctionKey{Module: 0, Index: 4, Type: sb.KeyLine, Value: "2"}
	onModule := sb.FunctionKey{Module: 1, Index: 1, Type: sb.KeyBLF, Value: "202"}
	for _, c := range []struct {
		name  string
		m     sb.Model
		keys  []sb.FunctionKey
		lines []string
		want  []sb.FunctionKey
	}{
		{"no keys: one line key per line from key 1, with the line's label", m, nil, []string{"201", "Sales"}, []sb.FunctionKey{
			{Index: 1, Type: sb.KeyLine, Value: "1", Label: "201"}, {Index: 2, Type: sb.KeyLine, Value: "2", Label: "Sales"}}},
		{"keys set by hand keep their place; free keys are taken in order", m, []sb.FunctionKey{blf, line2, onModule}, []string{"a", "b", "c"}, []sb.FunctionKey{
			blf, line2, onModule, {Index: 2, Type: sb.KeyLine, Value: "1", Label: "a"}, {Index: 3, Type: sb.KeyLine, Value: "3", Label: "c"}}},
		{"an empty line value is line 1", m, []sb.FunctionKey{{Index: 3, Type: sb.KeyLine}}, []string{"a"}, []sb.FunctionKey{{Index: 3, Type: sb.KeyLine}}},
		{"no free key left: lines stay without a key", sb.Model{Lines: 3, LineKeys: 1, KeyTypes: []sb.KeyType{sb.KeyLine}}, nil, []string{"a", "b", "c"}, []sb.FunctionKey{
			{Index: 1, Type: sb.KeyLine, Value: "1", Label: "a"}}},
		{"a vendor without line keys gets none", sb.Model{Lines: 2, LineKeys: 4, KeyTypes: []sb.KeyType{sb.KeyBLF}}, nil, []string{"a", "b"}, nil},
	} {
		got := c.m.WithLineKeys(c.keys, c.lines)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if err := c.m.ValidateKeys(got); err != nil {
			t.Errorf("%s: the keys added are not valid: %v", c.name, err)
		}
	}
}

func TestProvisioningURLForm(t *testing.T) {
	const key = "81d381d7ee50e9c415b304e5d7a7616e1911ed2af727228c"
	for form, want := range map[sb.URLForm]string{
		sb.URLFile:      "https://prov.example.net:8448/" + key + ".cfg",
		sb.URLDirectory: "https://prov.example.net:8448/" + key + "/",
		sb.URLNone:      "",
	} {
		if got := (sb.Model{URLForm: form}).ProvisioningURL("https://prov.example.net:8448/", key); got != want {
			t.Errorf("%s: %q, want %q", form, got, want)
		}
	}
}

func TestFitPassword(t *testing.T) {
	forty := strings.Repeat("1234567890", 4)
	for _, c := range []struct {
		max      int
		pw, want string
	}{{0, forty, forty}, {26, forty, forty[:26]}, {26, "4711", "4711"}, {9, "123456789", "123456789"}} {
		if got := (sb.Model{MaxPassword: c.max}).FitPassword(c.pw); got != c.want {
			t.Errorf("max %d: %q, want %q", c.max, got, c.want)
		}
	}
}
