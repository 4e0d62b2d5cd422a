package vendorkit

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// The content types the provisioning server sends vendors' files as.
const (
	XMLType  = "application/xml"
	TextType = "text/plain; charset=utf-8"
)

// Or returns v, or def when v is empty: an auth name defaults to the
// username, a file name to its placeholder while the profile has no MAC.
func Or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// XMLWriter builds an XML profile.
type XMLWriter struct{ bytes.Buffer }

// NewXML starts an XML profile with the XML declaration and a comment
// naming the model it is for.
func NewXML(model string) *XMLWriter {
	w := &XMLWriter{}
	w.WriteString(xml.Header)
	w.WriteString("<!-- Switchboard device profile for a " + strings.ReplaceAll(model, "--", "- -") + " -->\n")
	return w
}

// NewPhonebookXML starts a company phonebook file with the XML
// declaration (UTF-8, as every vendor's phonebook format reads it).
func NewPhonebookXML() *XMLWriter {
	w := &XMLWriter{}
	w.WriteString(xml.Header)
	return w
}

// Leaf writes one element holding a value, on a line of its own:
// indent<name attrs>value</name>. attrs are written as given (see Attr).
func (w *XMLWriter) Leaf(indent, name, attrs, value string) {
	w.WriteString(indent + "<" + name + attrs + ">")
	_ = xml.EscapeText(w, []byte(value))
	w.WriteString("</" + name + ">\n")
}

// Attr returns the attribute ` name="value"`, value escaped.
func Attr(name, value string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(value))
	return " " + name + `="` + b.String() + `"`
}
