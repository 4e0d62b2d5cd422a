package portal

import (
	"fmt"
	"net/http"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Languages are the portal's languages, the first the fallback for a
// browser that asks for none of them.
var Languages = []string{"en", "de", "fr"}

// catalogues holds every visible string per language, by key. A key used
// by a template or the code and missing in one language fails
// TestCatalogueComplete.
var catalogues = map[string]map[string]string{"en": catalogueEN, "de": catalogueDE, "fr": catalogueFR}

// matcher matches Accept-Language against Languages.
var matcher = language.NewMatcher([]language.Tag{language.English, language.German, language.French})

// dateLayouts are the locales' forms of a date and time.
var dateLayouts = map[string]string{
	"en": "Jan 2, 2006, 15:04",
	"de": "02.01.2006, 15:04",
	"fr": "02/01/2006 15:04",
}

// locale translates and formats for one language and time zone.
type locale struct {
	Lang    string
	printer *message.Printer
}

// newLocale returns the locale of lang, which must be one of Languages.
func newLocale(lang string) *locale {
	return &locale{Lang: lang, printer: message.NewPrinter(language.MustParse(lang))}
}

// chooseLanguage is the session's language if set, else the best match of
// the browser's Accept-Language.
func chooseLanguage(r *http.Request, chosen string) string {
	if _, ok := catalogues[chosen]; ok {
		return chosen
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	_, i, _ := matcher.Match(tags...)
	return Languages[i]
}

// T returns the text of key in the locale's language, filled with args
// like fmt.Sprintf; a missing key shows itself so it stands out.
func (l *locale) T(key string, args ...any) string {
	s, ok := catalogues[l.Lang][key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Date formats t in the locale's form, in UTC; the zero time is "—".
func (l *locale) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format(dateLayouts[l.Lang]) + " UTC"
}

// Number formats n with the locale's digit grouping.
func (l *locale) Number(n int) string {
	return l.printer.Sprintf("%d", n)
}
