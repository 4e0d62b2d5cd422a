package vendortest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// PhonebookRules is how a vendor documents its phonebook file: the root
// element, every element name the file may hold, and the element each
// name of an entry is read from.
type PhonebookRules struct {
	Root     string
	Elements []string
	Name     string
}

// SamplePhonebook is the phonebook every vendor's golden file shows:
// names with the characters XML must escape and umlauts, an entry with
// more numbers than some formats hold, and an extension-only entry.
func SamplePhonebook() switchboard.Phonebook {
	return switchboard.Phonebook{Title: "Acme & Söhne", Entries: []switchboard.PhonebookEntry{
		{Name: "Anna Schmidt", Numbers: []string{"201", "+49301234567"}},
		{Name: `Bau "Süd" <Einkauf> & Co`, Company: "Bau AG", Label: "Supplier",
			Numbers: []string{"+49309876543", "+49301111111", "+49302222222", "+49303333333"}},
		{Name: "Jürgen Öztürk", Numbers: []string{"202"}},
	}}
}

// CheckPhonebook renders SamplePhonebook, compares it with
// testdata/<vendor>-phonebook.golden, and reads it the way the vendor's
// rules say: well-formed XML with the documented root, no element the
// vendor does not name, and every name read back as written. Every golden
// model must name the phonebook file; the first model that names one
// names the golden file's. A family without a phonebook has
// nothing to check.
func (v Vendor) CheckPhonebook(t *testing.T) {
	if v.Phonebook == nil {
		return
	}
	rules := v.PhonebookRules
	for _, c := range v.Golden {
		if m := v.Model(t, c.ID); m.PhonebookFile == "" && m.URLForm != switchboard.URLNone {
			t.Errorf("%s: the family writes a phonebook, the model names no PhonebookFile", c.ID)
		}
	}
	ms := v.Models()
	i := slices.IndexFunc(ms, func(m switchboard.Model) bool { return m.PhonebookFile != "" })
	if i < 0 {
		t.Fatalf("%s writes a phonebook, no model names a PhonebookFile", v.Name)
	}
	m := ms[i]
	book := SamplePhonebook()
	body := v.Phonebook(book)
	Golden(t, v.Name+"-phonebook", []switchboard.File{{Name: m.PhonebookFile, ContentType: "application/xml", Body: body}})
	names, err := ReadPhonebook(body, rules)
	if err != nil {
		t.Fatalf("%s phonebook: %v\n%s", v.Name, err, body)
	}
	for _, e := range book.Entries {
		if !slices.Contains(names, e.Name) {
			t.Errorf("%s phonebook: name %q not read back; read %q", v.Name, e.Name, names)
		}
	}
}

// ReadPhonebook parses a phonebook file by the rules and returns the
// names its entries show.
func ReadPhonebook(body []byte, rules PhonebookRules) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var names []string
	var path []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := tok.Name.Local
			if len(path) == 0 && n != rules.Root {
				return nil, errors.New("root element <" + n + ">, the vendor documents <" + rules.Root + ">")
			}
			if n != rules.Root && !slices.Contains(rules.Elements, n) {
				return nil, errors.New("element <" + n + "> is not one the vendor documents")
			}
			path = append(path, n)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			if tok.Name.Local == rules.Name {
				names = append(names, text.String())
			}
			path = path[:len(path)-1]
		}
	}
	if len(path) != 0 || names == nil && !bytes.Contains(body, []byte("<"+rules.Root)) {
		return nil, errors.New("the file ends inside an element or has no root")
	}
	return names, nil
}
