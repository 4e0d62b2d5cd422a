package xmlrpc_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/redirect/xmlrpc"
)

func TestCallRoundTrip(t *testing.T) {
	params := []any{"00-15-65-AB-CD-EF", "https://pbx.example/ztp/<&>", true, 42, 1.5,
		[]any{"a", false}, map[string]any{"k": "v", "n": 7}}
	doc, err := xmlrpc.EncodeCall("redirect.registerPhone", params...)
	if err != nil {
		t.Fatal(err)
	}
	method, got, err := xmlrpc.DecodeCall(doc)
	if err != nil {
		t.Fatal(err)
	}
	if method != "redirect.registerPhone" || !reflect.DeepEqual(got, params) {
		t.Fatalf("got %s %#v, want %#v", method, got, params)
	}
}

func TestResponses(t *testing.T) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, "done"})
	cases := []struct {
		name, doc string
		want      any
		fault     *xmlrpc.Fault
		malformed bool
	}{
		{name: "encoded", doc: string(ok), want: []any{true, "done"}},
		{name: "bare text is a string", doc: `<methodResponse><params><param><value>plain</value></param></params></methodResponse>`, want: "plain"},
		{name: "i4", doc: `<methodResponse><params><param><value><i4> -3 </i4></value></param></params></methodResponse>`, want: -3},
		{name: "fault", doc: string(xmlrpc.EncodeFault(xmlrpc.Fault{Code: 4, Message: "owned_by_other_user"})),
			fault: &xmlrpc.Fault{Code: 4, Message: "owned_by_other_user"}},
		{name: "bad boolean", doc: `<methodResponse><params><param><value><boolean>yes</boolean></value></param></params></methodResponse>`, malformed: true},
		{name: "two params", doc: `<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>`, malformed: true},
		{name: "html error page", doc: `<html><body>502 Bad Gateway</body></html>`, malformed: true},
		{name: "truncated", doc: string(ok[:len(ok)/2]), malformed: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := xmlrpc.DecodeResponse([]byte(tc.doc))
			var f *xmlrpc.Fault
			switch {
			case tc.fault != nil:
				if !errors.As(err, &f) || *f != *tc.fault {
					t.Fatalf("got %v, want fault %v", err, tc.fault)
				}
			case tc.malformed:
				if !errors.Is(err, xmlrpc.ErrMalformed) {
					t.Fatalf("got %#v, %v; want ErrMalformed", got, err)
				}
			case err != nil || !reflect.DeepEqual(got, tc.want):
				t.Fatalf("got %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
}

func TestOutcome(t *testing.T) {
	for _, tc := range []struct {
		in     any
		ok     bool
		text   string
		failed bool
	}{
		{in: []any{true, "ok"}, ok: true, text: "ok"},
		{in: []any{false, "owned_by_other_user"}, text: "owned_by_other_user"},
		{in: []any{true}, ok: true},
		{in: []any{"true", "x"}, failed: true},
		{in: "true", failed: true},
		{in: []any{}, failed: true},
	} {
		ok, text, err := xmlrpc.Outcome(tc.in)
		if (err != nil) != tc.failed || ok != tc.ok || text != tc.text {
			t.Errorf("Outcome(%#v) = %v, %q, %v", tc.in, ok, text, err)
		}
	}
}

func FuzzDecodeResponse(f *testing.F) {
	ok, _ := xmlrpc.EncodeResponse([]any{true, map[string]any{"url": "https://x/"}, 3, 2.5})
	f.Add(ok)
	f.Add(xmlrpc.EncodeFault(xmlrpc.Fault{Code: 1, Message: "malformed_mac"}))
	f.Add([]byte(`<methodResponse><params><param><value><array><data><value><array><data/></array></value></data></array></value></param></params></methodResponse>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		v, err := xmlrpc.DecodeResponse(doc)
		if err != nil {
			return
		}
		// Whatever decodes must survive a round trip unchanged.
		again, err := xmlrpc.EncodeResponse(v)
		if err != nil {
			t.Fatalf("decoded %#v cannot be encoded: %v", v, err)
		}
		back, err := xmlrpc.DecodeResponse(again)
		if err != nil || !reflect.DeepEqual(back, v) {
			t.Fatalf("round trip of %#v gave %#v, %v", v, back, err)
		}
	})
}

func FuzzDecodeCall(f *testing.F) {
	doc, _ := xmlrpc.EncodeCall("autoprov.registerDevice", "001565ABCDEF-1A2B", "https://x/ztp/", "switchboard")
	f.Add(doc)
	f.Fuzz(func(t *testing.T, doc []byte) {
		if _, _, err := xmlrpc.DecodeCall(doc); err != nil && !errors.Is(err, xmlrpc.ErrMalformed) {
			t.Fatalf("error %v does not wrap ErrMalformed", err)
		}
	})
}
