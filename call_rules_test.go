package switchboard_test

import (
	"reflect"
	"testing"

	sb "github.com/switchboard-pbx/switchboard"
)

func TestCallSettingsValidate(t *testing.T) {
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = "+4930123456" + string(rune('0'+i%10))
	}
	tests := []struct {
		name string
		in   sb.CallSettings
		want string // field of the error, "" for valid
		out  sb.CallSettings
	}{
		{"defaults", sb.CallSettings{}, "", sb.CallSettings{NoAnswerSeconds: 20, ParallelRingingNumbers: []string{}}},
		{"forward to a number in any form", sb.CallSettings{ForwardAlways: true, ForwardTo: "0049 89 887766-771"}, "",
			sb.CallSettings{ForwardAlways: true, ForwardTo: "+4989887766771", NoAnswerSeconds: 20, ParallelRingingNumbers: []string{}}},
		{"forward to an extension", sb.CallSettings{ForwardTo: "7701"}, "forward_to", sb.CallSettings{}},
		{"forward to a valid extension", sb.CallSettings{ForwardTo: "201"}, "",
			sb.CallSettings{ForwardTo: "201", NoAnswerSeconds: 20, ParallelRingingNumbers: []string{}}},
		{"forward to garbage", sb.CallSettings{ForwardTo: "abc"}, "forward_to", sb.CallSettings{}},
		{"remote office without number", sb.CallSettings{RemoteOffice: true}, "remote_office_number", sb.CallSettings{}},
		{"parallel ringing without numbers", sb.CallSettings{ParallelRinging: true}, "parallel_ringing_numbers", sb.CallSettings{}},
		{"parallel ringing with eleven numbers", sb.CallSettings{ParallelRinging: true, ParallelRingingNumbers: eleven}, "parallel_ringing_numbers", sb.CallSettings{}},
		{"no answer too short", sb.CallSettings{NoAnswerSeconds: 4}, "no_answer_seconds", sb.CallSettings{}},
		{"no answer too long", sb.CallSettings{NoAnswerSeconds: 121}, "no_answer_seconds", sb.CallSettings{}},
		{"no answer at the bounds", sb.CallSettings{NoAnswerSeconds: 120}, "", sb.CallSettings{NoAnswerSeconds: 120, ParallelRingingNumbers: []string{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.in
			err := s.Validate()
			if got := fieldOf(err); got != tc.want {
				t.Fatalf("Validate() = %v, want an error of field %q", err, tc.want)
			}
			if tc.want == "" && !reflect.DeepEqual(s, tc.out) {
				t.Errorf("validated settings = %+v, want %+v", s, tc.out)
			}
		})
	}
}

// fieldOf returns the field of a field error, "" for nil.
func fieldOf(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := err.(*sb.Error); ok && e.Field != "" {
		return e.Field
	}
	return "?" + err.Error()
}

func TestDefaultCallSettings(t *testing.T) {
	s := sb.DefaultCallSettings(&sb.Workplace{ID: "wp_1", CustomerID: "cus_1"})
	if s.WorkplaceID != "wp_1" || s.CustomerID != "cus_1" || s.NoAnswerSeconds != 20 || s.ForwardAlways || s.Voicemail {
		t.Errorf("DefaultCallSettings = %+v", s)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestTrunkValidate(t *testing.T) {
	ok := func() sb.Trunk {
		return sb.Trunk{Name: "carrier", Proxy: "sip.carrier.example:5060", Transport: "udp",
			InboundAddresses: []string{"192.0.2.10", "2001:db8::/32"}, CallerID: "+49 30 1234560"}
	}
	tests := []struct {
		name   string
		change func(*sb.Trunk)
		want   string
	}{
		{"valid", func(*sb.Trunk) {}, ""},
		{"IPv6 proxy with port", func(t *sb.Trunk) { t.Proxy = "[2001:db8::1]:5061" }, ""},
		{"IPv4 proxy", func(t *sb.Trunk) { t.Proxy = "192.0.2.1" }, ""},
		{"no name", func(t *sb.Trunk) { t.Name = " " }, "name"},
		{"sctp", func(t *sb.Trunk) { t.Transport = "sctp" }, "transport"},
		{"proxy with a path", func(t *sb.Trunk) { t.Proxy = "sip.example/x" }, "proxy"},
		{"proxy port out of range", func(t *sb.Trunk) { t.Proxy = "sip.example:70000" }, "proxy"},
		{"empty proxy", func(t *sb.Trunk) { t.Proxy = "" }, "proxy"},
		{"inbound host name", func(t *sb.Trunk) { t.InboundAddresses = []string{"sip.example"} }, "inbound_addresses"},
		{"caller id national", func(t *sb.Trunk) { t.CallerID = "030123456" }, "caller_id"},
		{"register without username", func(t *sb.Trunk) { t.Register = true }, "username"},
		{"register with username", func(t *sb.Trunk) { t.Register, t.Username = true, "4930123" }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := ok()
			tc.change(&tr)
			if got := fieldOf(tr.Validate()); got != tc.want {
				t.Fatalf("Validate() field = %q, want %q", got, tc.want)
			}
			if tc.want == "" && tr.CallerID != "+49301234560" {
				t.Errorf("caller id = %q, want canonical", tr.CallerID)
			}
		})
	}
}

func TestParseFeatureCode(t *testing.T) {
	tests := []struct {
		dialled string
		want    sb.FeatureCode
		ok      bool
	}{
		{"*21", sb.FeatureCode{Code: "*21"}, true},
		{"#21", sb.FeatureCode{Code: "#21"}, true},
		{"*86", sb.FeatureCode{Code: "*86"}, true},
		{"*86#", sb.FeatureCode{Code: "*86"}, true},
		{"78811", sb.FeatureCode{Code: "78811"}, true},
		{"#55", sb.FeatureCode{Code: "#55"}, true},
		{"*55*7701*4711", sb.FeatureCode{Code: "*55*", Extension: "7701", PIN: "4711"}, true},
		{"*55*7701*4711#", sb.FeatureCode{Code: "*55*", Extension: "7701", PIN: "4711"}, true},
		{"*55*7701", sb.FeatureCode{}, false},
		{"*55**4711", sb.FeatureCode{}, false},
		{"*55*77a1*4711", sb.FeatureCode{}, false},
		{"7701", sb.FeatureCode{}, false},
		{"+4989887766771", sb.FeatureCode{}, false},
		{"#", sb.FeatureCode{}, false},
		{"", sb.FeatureCode{}, false},
	}
	for _, tc := range tests {
		got, ok := sb.ParseFeatureCode(tc.dialled)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseFeatureCode(%q) = %+v, %v; want %+v, %v", tc.dialled, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseFeatureCode(f *testing.F) {
	for _, s := range []string{"*21", "#55", "*55*7701*4711#", "78811", "*55***"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fc, ok := sb.ParseFeatureCode(s)
		if ok && fc.Code == sb.CodeHotDeskLogIn && (fc.Extension == "" || fc.PIN == "") {
			t.Errorf("log-in %q without extension or PIN", s)
		}
		if !ok && fc != (sb.FeatureCode{}) {
			t.Errorf("unrecognised %q returned %+v", s, fc)
		}
	})
}

func TestSeedInternalNumberLength(t *testing.T) {
	if n := sb.InternalNumberLength([]string{"771", "7770", "7701"}); n != 4 {
		t.Errorf("seed 002's example gives %d, want 4", n)
	}
}

func TestDialledNumber(t *testing.T) {
	tests := []struct {
		dialled, cc, want string
		ok                bool
	}{
		{"+49 89 887766771", "49", "+4989887766771", true},
		{"004989887766771", "", "+4989887766771", true},
		{"089887766771", "49", "+4989887766771", true},
		{"089887766771", "", "", false},
		{"7701", "49", "", false},
		{"0", "49", "", false},
	}
	for _, tc := range tests {
		got, ok := sb.DialledNumber(tc.dialled, tc.cc)
		if got != tc.want || ok != tc.ok {
			t.Errorf("DialledNumber(%q, %q) = %q, %v; want %q, %v", tc.dialled, tc.cc, got, ok, tc.want, tc.ok)
		}
	}
	for n, want := range map[string]string{"+4989887766": "49", "+12125550100": "1", "+35312345678": "353", "bad": ""} {
		if got := sb.CountryCode(n); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", n, got, want)
		}
	}
}

func FuzzDialledNumber(f *testing.F) {
	f.Add("089887766771", "49")
	f.Fuzz(func(t *testing.T, dialled, cc string) {
		if n, ok := sb.DialledNumber(dialled, cc); ok && sb.CountryCode(n) == "" {
			t.Errorf("DialledNumber(%q, %q) = %q, which has no country code", dialled, cc, n)
		}
	})
}
