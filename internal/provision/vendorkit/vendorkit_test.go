package vendorkit_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

func TestLines(t *testing.T) {
	f := vendorkit.Lines{Vendor: "v", Header: "#!h", Comment: '#', Empty: "nothing set"}
	parse := func(body string) (map[string]string, error) {
		return f.Parse([]byte(body), func(out vendorkit.Settings, line string) error {
			k, v, ok := vendorkit.KeyValue(line)
			if !ok {
				return fmt.Errorf("not key = value")
			}
			return out.Set(k, v)
		})
	}
	got, err := parse("#!h\r\n# c\r\n\r\n a = b = c \r\n")
	if err != nil || len(got) != 1 || got["a"] != "b = c" {
		t.Errorf("parsed %v, %v", got, err)
	}
	for body, want := range map[string]string{
		"": "v: empty file", "x = 1\n": `v: first line must be "#!h"`, "#!h\n": "v: nothing set",
		"#!h\na = 1\na = 2\n": "v: line 3: a is set twice", "#!h\n\na b = 1\n": "v: line 3: not key = value",
		"#!h\n" + strings.Repeat("x", vendorkit.MaxFile): "v: file of 1048580 bytes is larger than 1048576",
	} {
		if _, err := parse(body); err == nil || err.Error() != want {
			t.Errorf("%.20q: %v, want %s", body, err, want)
		}
	}
}

func TestXML(t *testing.T) {
	var seen []string
	f := vendorkit.XML{Vendor: "v", Root: "r"}
	got, err := f.Parse([]byte(`<r a="1"><p>x<q>z</q>y</p><s>t</s></r>`), func(out vendorkit.Settings, e vendorkit.Element) error {
		seen = append(seen, fmt.Sprintf("%s/%d/%v/%v/%q", strings.Join(e.Path, "."), e.Depth(), e.End, e.Leaf, e.Text()))
		if e.End {
			return out.Set(e.Name(), e.Text())
		}
		return out.Set(e.Name()+"@a", e.Attr("a"))
	})
	want := `r/1/false/false/"" r.p/2/false/false/"" r.p.q/3/false/false/"" r.p.q/3/true/true/"z" r.p/2/true/false/"xzy" ` +
		`r.s/2/false/false/"" r.s/2/true/true/"t" r/1/true/false/"xzyt"`
	if err != nil || strings.Join(seen, " ") != want || got["r@a"] != "1" || got["p"] != "xzy" {
		t.Errorf("parsed %v, %v; saw %s", got, err, strings.Join(seen, " "))
	}
	none := func(vendorkit.Settings, vendorkit.Element) error { return nil }
	for _, c := range []struct {
		f          vendorkit.XML
		body, want string
	}{
		{f, "", "v: no <r> element"},
		{f, "<x/>", "v: root element is <x>, not <r>"},
		{vendorkit.XML{Vendor: "v"}, "text", "v: no XML element"},
		{vendorkit.XML{Vendor: "v", Empty: "nothing set"}, "<x/>", "v: nothing set"},
		{f, "<r><p></r>", "v: XML syntax error on line 1: element <p> closed by </r>"},
	} {
		if _, err := c.f.Parse([]byte(c.body), none); err == nil || err.Error() != c.want {
			t.Errorf("%q: %v, want %s", c.body, err, c.want)
		}
	}
}

func TestAccountReading(t *testing.T) {
	codes := vendorkit.TransportCodes("0", "1", "3")
	if tr, ok := codes.Value("3"); !ok || tr != switchboard.TransportTLS || codes[switchboard.TransportTCP] != "1" {
		t.Errorf("TLS code 3 reads %q %v", tr, ok)
	}
	if _, ok := vendorkit.SRTPCodes("0", "1", "2").Value(""); ok {
		t.Error("an empty code read as a policy")
	}
	for in, want := range map[string]string{"h:5060": "h 5060", "h:0": "h 0", "h": " 0", "[::1]:5061": "::1 5061", "h:x": "h 0"} {
		if host, port := vendorkit.HostPort(in); fmt.Sprint(host, " ", port) != want {
			t.Errorf("HostPort(%q) = %q %d, want %s", in, host, port, want)
		}
	}
	if vendorkit.SRTPOf(false, true) != switchboard.SRTPOff || vendorkit.SRTPOf(true, false) != switchboard.SRTPOptional || vendorkit.SRTPOf(true, true) != switchboard.SRTPMandatory {
		t.Error("SRTPOf")
	}
	ok := switchboard.LineAccount{Port: 5060, Transport: switchboard.TransportUDP, SRTP: switchboard.SRTPOff}
	if _, err := vendorkit.CheckAccount("v: line 1", ok); err != nil {
		t.Error(err)
	}
	bad := []switchboard.LineAccount{{Transport: "udp", SRTP: "off"}, {Port: 1, SRTP: "off"}, {Port: 1, Transport: "udp"}}
	for i, want := range []string{"v: line 1 has no valid port", "v: line 1 has an unknown transport", "v: line 1 has an unknown SRTP setting"} {
		if _, err := vendorkit.CheckAccount("v: line 1", bad[i]); err == nil || err.Error() != want {
			t.Errorf("%+v: %v, want %s", bad[i], err, want)
		}
	}
}

func TestIdentifier(t *testing.T) {
	r := vendorkit.Identifier{
		Vendor: "v", Catalogue: []switchboard.Model{{ID: "v-a1"}}, ModelPrefix: "v-",
		UA: regexp.MustCompile(`^V/(\w+) ([0-9a-f]{12})`), UAMAC: 2, File: regexp.MustCompile(`^([0-9a-f]{12})\.cfg$`), OUIs: []string{"0a0b0c"},
	}
	for _, c := range []struct {
		ua, file string
		ok       bool
		want     switchboard.Identity
	}{
		{"V/A1 0a0b0c000001", "", true, switchboard.Identity{Vendor: "v", Model: "v-a1", MAC: "0a0b0c000001"}},
		{"V/B2 0a0b0c000001", "0a0b0c000002.cfg", true, switchboard.Identity{Vendor: "v", MAC: "0a0b0c000002", Conflict: true}},
		{"", "0a0b0c000002.cfg", true, switchboard.Identity{Vendor: "v", MAC: "0a0b0c000002"}},
		{"", "0f0b0c000002.cfg", false, switchboard.Identity{Vendor: "v", MAC: "0f0b0c000002"}},
		{"V/A1 000000000000 " + strings.Repeat(".", vendorkit.MaxUserAgent), "", false, switchboard.Identity{Vendor: "v"}},
	} {
		if got, ok := r.Identify(c.ua, c.file); ok != c.ok || got != c.want {
			t.Errorf("Identify(%.20q, %q) = %+v, %v; want %+v, %v", c.ua, c.file, got, ok, c.want, c.ok)
		}
	}
}

func TestWriting(t *testing.T) {
	w := vendorkit.NewXML("Phone --x")
	w.Leaf("  ", "k", vendorkit.Attr("a", `"<&>"`), "<v>")
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<!-- Switchboard device profile for a Phone - -x -->\n" +
		`  <k a="&#34;&lt;&amp;&gt;&#34;">&lt;v&gt;</k>` + "\n"
	if w.String() != want {
		t.Errorf("wrote %q, want %q", w.String(), want)
	}
	m := switchboard.Model{ID: "w-1", Vendor: "w", Lines: 1}
	if err := vendorkit.Check("v", &switchboard.Profile{}, m); err == nil || !strings.Contains(err.Error(), `v: cannot render model "w-1" of vendor "w"`) {
		t.Errorf("rendered another vendor's model: %v", err)
	}
}
