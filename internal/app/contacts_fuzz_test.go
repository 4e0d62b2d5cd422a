package app

import (
	"strings"
	"testing"
	"time"
)

// FuzzContactImport feeds the contacts import's parser arbitrary files: it
// never panics, every contact it accepts passes validation again, and every
// bad line it names is a line of the file.
func FuzzContactImport(f *testing.F) {
	for _, seed := range []string{
		"name,numbers\nEmpfang,100\n",
		"\xef\xbb\xbfName;Numbers;Company;Label\n\"Müller; Anna\";+49 30 1234567|200;Acme;Supplier\n",
		"name,numbers\n\"unterminated,100\n",
		"numbers\n100\n",
		"name,numbers,name\n",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		bad := &ImportError{}
		rows, err := parseImport(strings.NewReader(file), contactImport, bad)
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		contacts := parseContactRows("cus_1", rows, time.Unix(0, 0), bad)
		lines := strings.Count(file, "\n") + 1
		for _, l := range bad.Lines {
			if l.Line < 1 || l.Line > lines {
				t.Errorf("bad line %d of a file of %d lines", l.Line, lines)
			}
		}
		for _, c := range contacts {
			if err := c.Validate(); err != nil {
				t.Errorf("accepted contact %+v is not valid: %v", c, err)
			}
		}
	})
}
