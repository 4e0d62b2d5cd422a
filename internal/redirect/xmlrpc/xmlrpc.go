// Package xmlrpc encodes XML-RPC calls and decodes their answers, the
// protocol of the legacy redirect APIs of Snom, Gigaset and Fanvil. It
// follows the specification at xmlrpc.com/spec.md: values are string, int
// (i4), boolean, double, array and struct; base64 and dateTime.iso8601 are
// read as strings. The server half (DecodeCall, EncodeResponse,
// EncodeFault) serves the fakes of those services in tests.
package xmlrpc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Fault is an XML-RPC fault answer: the call reached the service and was
// refused.
type Fault struct {
	Code    int
	Message string
}

// Error implements the error interface.
func (f *Fault) Error() string { return fmt.Sprintf("xmlrpc fault %d: %s", f.Code, f.Message) }

// EncodeCall writes a methodCall. Params may be nil, string, bool, int, float64,
// []string, []any and map[string]any, nested.
func EncodeCall(method string, params ...any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<methodCall><methodName>")
	xml.EscapeText(&b, []byte(method))
	b.WriteString("</methodName><params>")
	for i, p := range params {
		b.WriteString("<param>")
		if err := writeValue(&b, p); err != nil {
			return nil, fmt.Errorf("xmlrpc: param %d: %w", i, err)
		}
		b.WriteString("</param>")
	}
	b.WriteString("</params></methodCall>")
	return b.Bytes(), nil
}

// EncodeResponse writes a methodResponse carrying v.
func EncodeResponse(v any) ([]byte, error) {
	return envelope("<params><param>", "</param></params>", v)
}

// EncodeFault writes a methodResponse carrying a fault.
func EncodeFault(f Fault) []byte {
	b, _ := envelope("<fault>", "</fault>", map[string]any{"faultCode": f.Code, "faultString": f.Message})
	return b
}

func envelope(open, close string, v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<methodResponse>" + open)
	if err := writeValue(&b, v); err != nil {
		return nil, fmt.Errorf("xmlrpc: response: %w", err)
	}
	b.WriteString(close + "</methodResponse>")
	return b.Bytes(), nil
}

// Outcome reads the answer the redirect APIs of Snom, Gigaset and Fanvil
// give to every call: an array of a success flag and a text (an error name
// such as "owned_by_other_user" on failure).
func Outcome(v any) (ok bool, text string, err error) {
	a, isArray := v.([]any)
	if !isArray || len(a) < 1 {
		return false, "", fmt.Errorf("%w: answer is %T, want [boolean, string]", ErrMalformed, v)
	}
	ok, isBool := a[0].(bool)
	if !isBool {
		return false, "", fmt.Errorf("%w: answer starts with %T, want boolean", ErrMalformed, a[0])
	}
	if len(a) > 1 {
		text, _ = a[1].(string)
	}
	return ok, text, nil
}

func writeValue(b *bytes.Buffer, v any) error {
	b.WriteString("<value>")
	switch v := v.(type) {
	case nil:
		b.WriteString("<nil/>")
	case string:
		b.WriteString("<string>")
		xml.EscapeText(b, []byte(v))
		b.WriteString("</string>")
	case bool:
		if v {
			b.WriteString("<boolean>1</boolean>")
		} else {
			b.WriteString("<boolean>0</boolean>")
		}
	case int:
		fmt.Fprintf(b, "<int>%d</int>", v)
	case float64:
		b.WriteString("<double>" + strconv.FormatFloat(v, 'f', -1, 64) + "</double>")
	case []string:
		b.WriteString("<array><data>")
		for _, s := range v {
			_ = writeValue(b, s)
		}
		b.WriteString("</data></array>")
	case []any:
		b.WriteString("<array><data>")
		for _, e := range v {
			if err := writeValue(b, e); err != nil {
				return err
			}
		}
		b.WriteString("</data></array>")
	case map[string]any:
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		sort.Strings(names)
		b.WriteString("<struct>")
		for _, k := range names {
			b.WriteString("<member><name>")
			xml.EscapeText(b, []byte(k))
			b.WriteString("</name>")
			if err := writeValue(b, v[k]); err != nil {
				return err
			}
			b.WriteString("</member>")
		}
		b.WriteString("</struct>")
	default:
		return fmt.Errorf("cannot encode %T", v)
	}
	b.WriteString("</value>")
	return nil
}

// value mirrors <value> for encoding/xml: exactly one typed child, or bare
// text, which the specification reads as a string.
type value struct {
	String   *string   `xml:"string"`
	Int      *string   `xml:"int"`
	I4       *string   `xml:"i4"`
	Boolean  *string   `xml:"boolean"`
	Double   *string   `xml:"double"`
	Base64   *string   `xml:"base64"`
	DateTime *string   `xml:"dateTime.iso8601"`
	Nil      *struct{} `xml:"nil"`
	Array    *struct {
		Values []value `xml:"data>value"`
	} `xml:"array"`
	Struct *struct {
		Members []struct {
			Name  string `xml:"name"`
			Value value  `xml:"value"`
		} `xml:"member"`
	} `xml:"struct"`
	Text string `xml:",chardata"`
}

type param struct {
	Value value `xml:"value"`
}

type methodResponse struct {
	XMLName xml.Name `xml:"methodResponse"`
	Params  []param  `xml:"params>param"`
	Fault   *param   `xml:"fault"`
}

type methodCall struct {
	XMLName xml.Name `xml:"methodCall"`
	Method  string   `xml:"methodName"`
	Params  []param  `xml:"params>param"`
}

// ErrMalformed is wrapped by every decoding failure.
var ErrMalformed = errors.New("xmlrpc: malformed document")

// DecodeResponse reads a methodResponse. It returns the single value as
// string, bool, int, float64, []any, map[string]any or nil; a fault comes
// back as *Fault.
func DecodeResponse(doc []byte) (any, error) {
	var r methodResponse
	if err := xml.Unmarshal(doc, &r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if r.Fault != nil {
		v, err := r.Fault.Value.decode()
		if err != nil {
			return nil, err
		}
		m, _ := v.(map[string]any)
		code, _ := m["faultCode"].(int)
		msg, _ := m["faultString"].(string)
		return nil, &Fault{Code: code, Message: msg}
	}
	if len(r.Params) != 1 {
		return nil, fmt.Errorf("%w: %d params in a response", ErrMalformed, len(r.Params))
	}
	return r.Params[0].Value.decode()
}

// DecodeCall reads a methodCall into its method name and parameters.
func DecodeCall(doc []byte) (string, []any, error) {
	var c methodCall
	if err := xml.Unmarshal(doc, &c); err != nil {
		return "", nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	params := make([]any, 0, len(c.Params))
	for _, p := range c.Params {
		v, err := p.Value.decode()
		if err != nil {
			return "", nil, err
		}
		params = append(params, v)
	}
	return strings.TrimSpace(c.Method), params, nil
}

func (v value) decode() (any, error) {
	switch {
	case v.String != nil:
		return *v.String, nil
	case v.Int != nil, v.I4 != nil:
		s := v.Int
		if s == nil {
			s = v.I4
		}
		n, err := strconv.ParseInt(strings.TrimSpace(*s), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%w: int %q", ErrMalformed, *s)
		}
		return int(n), nil
	case v.Boolean != nil:
		switch strings.TrimSpace(*v.Boolean) {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
		return nil, fmt.Errorf("%w: boolean %q", ErrMalformed, *v.Boolean)
	case v.Double != nil:
		f, err := strconv.ParseFloat(strings.TrimSpace(*v.Double), 64)
		if err != nil {
			return nil, fmt.Errorf("%w: double %q", ErrMalformed, *v.Double)
		}
		return f, nil
	case v.Base64 != nil:
		return *v.Base64, nil
	case v.DateTime != nil:
		return *v.DateTime, nil
	case v.Nil != nil:
		return nil, nil
	case v.Array != nil:
		out := make([]any, 0, len(v.Array.Values))
		for _, e := range v.Array.Values {
			d, err := e.decode()
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
		return out, nil
	case v.Struct != nil:
		out := make(map[string]any, len(v.Struct.Members))
		for _, m := range v.Struct.Members {
			d, err := m.Value.decode()
			if err != nil {
				return nil, err
			}
			out[m.Name] = d
		}
		return out, nil
	}
	return v.Text, nil
}
