package storetest

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/switchboard-pbx/switchboard"
)

// FuzzSearch checks on s that any text a search box lets through (valid
// UTF-8 without NUL) is searched without an error and finds a customer
// whose name holds it: LIKE's wildcards and the escape character in it
// are taken literally. A text with a wildcard does not find a customer
// whose name it would match as a pattern (each '%' and '_' standing for
// other letters there).
func FuzzSearch(f *testing.F, s switchboard.Store) {
	for _, seed := range []string{"%", "_", "!", "!%", "a_b", "100%", "ÄÖÜ", "'", `\`, `\%`, "' OR 1=1 --"} {
		f.Add(seed)
	}
	n := 0
	f.Fuzz(func(t *testing.T, text string) {
		if text == "" || !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			t.Skip("not a text the use cases pass on")
		}
		n++
		c := newCustomer(n)
		c.ID, c.Name = fmt.Sprintf("cus_f%06d", n), "<"+strings.ToLower(text)+">"
		update(t, s, func(tx switchboard.Tx) error { return tx.CreateCustomer(c) })
		view(t, s, func(tx switchboard.Tx) error {
			got, _, err := customersFound(switchboard.CustomerSearch{ID: c.ID, Text: text})(tx)
			wantKeys(t, fmt.Sprintf("search for %q", text), got, err, []string{c.ID})
			return nil
		})
		if !strings.ContainsAny(text, "%_") {
			return
		}
		n++
		decoy := newCustomer(n)
		decoy.ID = fmt.Sprintf("cus_f%06d", n)
		decoy.Name = "<" + strings.NewReplacer("%", "zz", "_", "z").Replace(strings.ToLower(text)) + ">"
		update(t, s, func(tx switchboard.Tx) error { return tx.CreateCustomer(decoy) })
		view(t, s, func(tx switchboard.Tx) error {
			got, _, err := customersFound(switchboard.CustomerSearch{ID: decoy.ID, Text: text})(tx)
			wantKeys(t, fmt.Sprintf("search for %q in %q", text, decoy.Name), got, err, []string{})
			return nil
		})
	})
}
