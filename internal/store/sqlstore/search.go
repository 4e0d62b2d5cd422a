package sqlstore

import (
	"strings"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.SearchTx = (*tx)(nil)

// likeEscaper escapes LIKE's wildcards with '!', which both dialects take
// as the ESCAPE character without a backslash's string-literal rules.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")

// separators are what people type between the digits of a MAC or a phone
// number and the stored forms leave out.
var separators = strings.NewReplacer(" ", "", "-", "", ":", "", ".", "", "/", "", "(", "", ")", "")

// like is the condition that expr contains the pattern given as its
// parameter, ignoring case.
func like(expr string) string {
	return "LOWER(" + expr + ") LIKE ? ESCAPE '!'"
}

// match is one way a row can meet a search: a condition whose every
// parameter is the LIKE pattern of text.
type match struct {
	cond, text string
}

// compact is the text with the separators of MACs and phone numbers
// left out, or the text itself when nothing else is left.
func compact(text string) string {
	if c := separators.Replace(text); c != "" {
		return c
	}
	return text
}

// matching narrows f to the rows meeting any of ms; an empty search text
// leaves f as it is.
func (f filter) matching(text string, ms ...match) filter {
	if text == "" {
		return f
	}
	ors := make([]string, len(ms))
	for i, m := range ms {
		ors[i] = m.cond
		pattern := "%" + likeEscaper.Replace(strings.ToLower(m.text)) + "%"
		for range strings.Count(m.cond, "?") {
			f.args = append(f.args, pattern)
		}
	}
	f.where = append(f.where, "("+strings.Join(ors, " OR ")+")")
	return f
}

// contains narrows f to the rows where any of columns contains text,
// ignoring case; an empty text leaves f as it is.
func (f filter) contains(text string, columns ...string) filter {
	ms := make([]match, len(columns))
	for i, c := range columns {
		ms[i] = match{like(c), text}
	}
	return f.matching(text, ms...)
}

// workplaceText is the condition that a workplace's full name, username
// or extension contains the pattern; qualify prefixes its columns.
func workplaceText(qualify string) string {
	return "(" + like(qualify+"first_name || ' ' || "+qualify+"last_name") + " OR " + like(qualify+"username") +
		" OR " + like(qualify+"extension") + ")"
}

// deviceMatches are the ways a device meets a search for text.
func deviceMatches(text string) []match {
	return []match{{like("description"), text}, {like("mac"), compact(text)}, {like("model"), text},
		{like("sip_username"), text}}
}

// numberMatches are the ways a number meets a search for text: the
// number itself or the workplace holding it.
func numberMatches(text string) []match {
	return []match{{like("e164"), compact(text)},
		{"EXISTS (SELECT 1 FROM workplaces w WHERE w.id = numbers.workplace_id AND " + workplaceText("w.") + ")", text}}
}

// SearchWorkplaces lists a customer's workplaces in id order, narrowed
// by f, with their numbers.
func (t *tx) SearchWorkplaces(f switchboard.WorkplaceSearch, p switchboard.Page) ([]*switchboard.Workplace, string, error) {
	w := filter{}.eq("customer_id", f.CustomerID).matching(f.Text, match{workplaceText(""), f.Text},
		match{"EXISTS (SELECT 1 FROM numbers n WHERE n.workplace_id = workplaces.id AND " + like("n.e164") + ")", compact(f.Text)})
	ws, next, err := list(t, workplaceCols, "workplaces", "id", w, p, t.scanWorkplace,
		func(w *switchboard.Workplace) string { return w.ID })
	if err != nil {
		return nil, "", err
	}
	return ws, next, t.fillNumbers(ws...)
}

// SearchCustomers lists customers in id order, narrowed by f.
func (t *tx) SearchCustomers(f switchboard.CustomerSearch, p switchboard.Page) ([]*switchboard.Customer, string, error) {
	w := filter{}.eq("id", f.ID).contains(f.Text, "name", "admin_email")
	return list(t, customerCols, "customers", "id", w, p, scanCustomer,
		func(c *switchboard.Customer) string { return c.ID })
}
