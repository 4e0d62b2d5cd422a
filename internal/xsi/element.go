package xsi

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// Namespaces of Xsi documents. Clients match the prefixes of events
// literally: the Xsi namespace is "xsi" and the XML Schema instance
// namespace "xsi1", as BroadWorks writes them.
const (
	nsXsi      = "http://schema.broadsoft.com/xsi"
	nsInstance = "http://www.w3.org/2001/XMLSchema-instance"
	xmlHeader  = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
)

// element is one XML element written in the order it was built: Xsi
// clients expect the schema's element order, which encoding/xml cannot
// keep for the same type written with and without a namespace prefix.
type element struct {
	name  string
	attrs [][2]string
	text  string
	kids  []*element
}

// el is a new element with the children that are not nil.
func el(name string, kids ...*element) *element {
	return (&element{name: name}).add(kids...)
}

// leaf is an element holding text.
func leaf(name, text string) *element {
	return &element{name: name, text: text}
}

// boolLeaf is an element holding true or false.
func boolLeaf(name string, v bool) *element {
	return leaf(name, strconv.FormatBool(v))
}

// add appends the children that are not nil and returns e.
func (e *element) add(kids ...*element) *element {
	for _, k := range kids {
		if k != nil {
			e.kids = append(e.kids, k)
		}
	}
	return e
}

// attr sets an attribute and returns e.
func (e *element) attr(name, value string) *element {
	e.attrs = append(e.attrs, [2]string{name, value})
	return e
}

// optional is leaf(name, text), or nil when text is empty.
func optional(name, text string) *element {
	if text == "" {
		return nil
	}
	return leaf(name, text)
}

// write writes e with prefix before every element name ("xsi:" in
// events, "" in the documents of Xsi-Actions).
func (e *element) write(b *strings.Builder, prefix string) {
	b.WriteString("<" + prefix + e.name)
	for _, a := range e.attrs {
		b.WriteString(" " + a[0] + `="`)
		_ = xml.EscapeText(b, []byte(a[1]))
		b.WriteString(`"`)
	}
	if e.text == "" && len(e.kids) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteString(">")
	_ = xml.EscapeText(b, []byte(e.text))
	for _, k := range e.kids {
		k.write(b, prefix)
	}
	b.WriteString("</" + prefix + e.name + ">")
}

// document is e as a whole Xsi-Actions document: the XML declaration and
// e in the Xsi default namespace.
func document(e *element) []byte {
	e.attrs = append([][2]string{{"xmlns", nsXsi}}, e.attrs...)
	var b strings.Builder
	b.WriteString(xmlHeader)
	e.write(&b, "")
	return []byte(b.String())
}

// eventDocument is e as a whole event: the XML declaration, the prefixed
// names and both namespaces declared on the root.
func eventDocument(e *element) []byte {
	e.attrs = append([][2]string{{"xmlns:xsi", nsXsi}, {"xmlns:xsi1", nsInstance}}, e.attrs...)
	var b strings.Builder
	b.WriteString(xmlHeader)
	e.write(&b, "xsi:")
	return []byte(b.String())
}
