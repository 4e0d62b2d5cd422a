package vendorkit

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxFile is the largest file a vendor's Parse reads; no profile comes
// near it.
const MaxFile = 1 << 20

// CheckSize refuses a body larger than MaxFile.
func CheckSize(body []byte) error {
	if len(body) > MaxFile {
		return fmt.Errorf("file of %d bytes is larger than %d", len(body), MaxFile)
	}
	return nil
}

// Settings is a parsed file, each setting once.
type Settings map[string]string

// Set records a setting and refuses one set before: a phone would keep
// only one of the two, and a renderer must never write a setting twice.
func (s Settings) Set(k, v string) error {
	if _, dup := s[k]; dup {
		return fmt.Errorf("%s is set twice", k)
	}
	s[k] = v
	return nil
}

// Lines is a line-oriented format.
type Lines struct {
	// Vendor prefixes every error.
	Vendor string
	// Header, when set, must be the whole first line.
	Header string
	// Comment, when set, starts a line that is skipped, as blank lines
	// are.
	Comment byte
	// Empty, when set, is the error for a file that sets nothing.
	Empty string
}

// Parse reads body with read, fn recording the settings of each line, and
// returns them.
func (f Lines) Parse(body []byte, fn func(out Settings, line string) error) (map[string]string, error) {
	return parse(f.Vendor, f.Empty, body, f.read, fn)
}

// read calls fn with every line of body other than the header, comments
// and blank lines, trimmed of blanks (a carriage return included). An
// error of fn is reported with the line's number.
func (f Lines) read(body []byte, fn func(line string) error) error {
	if err := CheckSize(body); err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), MaxFile+1)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if n == 1 && f.Header != "" {
			if line != f.Header {
				return fmt.Errorf("first line must be %q", f.Header)
			}
			continue
		}
		if line == "" || f.Comment != 0 && line[0] == f.Comment {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if n == 0 && f.Header != "" {
		return errors.New("empty file")
	}
	return nil
}

// KeyValue splits a "key = value" line at its first '=' and trims both
// sides; ok is false without '=' or when the key is empty or holds blanks.
func KeyValue(line string) (k, v string, ok bool) {
	k, v, ok = strings.Cut(line, "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	return k, v, ok && k != "" && !strings.ContainsAny(k, " \t")
}

// Element is an element boundary XML.Parse reports: its start tag, or its
// end tag with the text of a leaf.
type Element struct {
	// Start is the start tag; at the end tag it carries the name only.
	Start xml.StartElement
	// Path names the open elements, the root first and this one last.
	Path []string
	// End is false at the start tag and true at the end tag.
	End bool
	// Leaf is set at the end tag of an element without child elements.
	Leaf bool

	data *[]byte
	from int
}

// Text is the character data inside the element, its children's
// included; at the start tag it is empty.
func (e Element) Text() string {
	if e.data == nil {
		return ""
	}
	return string((*e.data)[e.from:])
}

// Name is the element's local name.
func (e Element) Name() string { return e.Start.Name.Local }

// Depth is the element's depth, 1 for the root.
func (e Element) Depth() int { return len(e.Path) }

// XML is an XML format.
type XML struct {
	// Vendor prefixes every error.
	Vendor string
	// Root must be the element at the top of every file; without it, any
	// element will do, but there must be one.
	Root string
	// Empty, when set, is the error for a file that sets nothing.
	Empty string
}

// Parse reads body with read, fn recording the settings of each element,
// and returns them.
func (f XML) Parse(body []byte, fn func(out Settings, e Element) error) (map[string]string, error) {
	return parse(f.Vendor, f.Empty, body, f.read, fn)
}

// parse reads body with read, fn recording settings for each item (a line
// or an element) read passes on, and returns them, or the error prefixed
// with the vendor; a file that sets nothing is refused with empty, when it
// is set.
func parse[T any](vendor, empty string, body []byte, read func([]byte, func(T) error) error, fn func(Settings, T) error) (map[string]string, error) {
	out := Settings{}
	err := read(body, func(item T) error { return fn(out, item) })
	if err == nil && len(out) == 0 && empty != "" {
		err = errors.New(empty)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vendor, err)
	}
	return out, nil
}

// read decodes body and calls fn at every element's start and end tag,
// stopping at the first error. It refuses files over MaxFile, malformed
// XML, files without an element, and, with a Root, another root.
func (f XML) read(body []byte, fn func(e Element) error) error {
	if err := CheckSize(body); err != nil {
		return err
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	var path []string
	var data []byte
	var from []int
	leaf, root := false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(path) == 0 {
				if f.Root != "" && t.Name.Local != f.Root {
					return fmt.Errorf("root element is <%s>, not <%s>", t.Name.Local, f.Root)
				}
				root = true
			}
			path = append(path, t.Name.Local)
			from = append(from, len(data))
			leaf = true
			if err := fn(Element{Start: t, Path: path}); err != nil {
				return err
			}
		case xml.CharData:
			if len(path) > 0 {
				data = append(data, t...)
			}
		case xml.EndElement:
			last := len(path) - 1
			e := Element{Start: xml.StartElement{Name: t.Name}, Path: path, End: true, Leaf: leaf, data: &data, from: from[last]}
			if err := fn(e); err != nil {
				return err
			}
			leaf = false
			path, from = path[:last], from[:last]
			if last == 0 {
				data = data[:0]
			}
		}
	}
	switch {
	case f.Root != "" && !root:
		return fmt.Errorf("no <%s> element", f.Root)
	case !root:
		return errors.New("no XML element")
	}
	return nil
}

// Attr returns the value of the element's attribute name, "" without one.
func (e Element) Attr(name string) string {
	for _, a := range e.Start.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
