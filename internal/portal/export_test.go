package portal

import "time"

// Catalogues, Actions and the families of keys the code builds from
// values are exported to the tests of package portal_test.
var (
	Catalogues = catalogues
	Actions    = actions
)

// Format formats a number and a time as a page in lang shows them.
func Format(lang string, n int, t time.Time) (string, string) {
	l := newLocale(lang)
	return l.Number(n), l.Date(t)
}
