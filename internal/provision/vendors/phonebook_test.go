package vendors_test

import (
	"net/url"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendors"
)

// TestPhonebookNames checks which requested names are a model's phonebook
// (any MAC in a "{mac}" name, any case) and what a request searches for,
// with "q" or the vendor's own parameters.
func TestPhonebookNames(t *testing.T) {
	c, err := vendors.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		model, file string
		want        bool
	}{
		{"yealink-t54w", "phonebook.xml", true},
		{"yealink-t54w", "PHONEBOOK.XML", true},
		{"yealink-t54w", "directory.xml", false},
		{"cisco-cp-8841", "directory.xml", true},
		{"poly-vvx350", "0004f2a1b2c3-directory.xml", true},
		{"poly-vvx350", "0004F2A1B2C3-directory.xml", true},
		{"poly-vvx350", "000000000000-directory.xml", false}, // the site-wide file, not a MAC
		{"poly-vvx350", "0004f2a1b2cz-directory.xml", false},
		{"poly-vvx350", "-directory.xml", false},
	} {
		m, ok := c.Model(tc.model)
		if !ok {
			t.Fatalf("no model %s", tc.model)
		}
		if got := vendors.IsPhonebook(m, tc.file); got != tc.want {
			t.Errorf("IsPhonebook(%s, %s) = %v, want %v", tc.model, tc.file, got, tc.want)
		}
	}
	gigaset, _ := c.Model("gigaset-n870")
	yealink, _ := c.Model("yealink-t54w")
	for _, tc := range []struct {
		query, want string
		m           string
	}{
		{"q=anna", "anna", "yealink"},
		{"ln=Sch*&fn=*", "Sch", "gigaset"},
		{"command=get_list&type=pb", "", "gigaset"},
		{"ln=Sch", "", "yealink"},
	} {
		m := yealink
		if tc.m == "gigaset" {
			m = gigaset
		}
		q, _ := url.ParseQuery(tc.query)
		if got := vendors.PhonebookSearch(m, q); got != tc.want {
			t.Errorf("PhonebookSearch(%s, %s) = %q, want %q", tc.m, tc.query, got, tc.want)
		}
	}
}
