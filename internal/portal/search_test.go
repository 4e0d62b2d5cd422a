package portal_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/portal"
)

// nextLink is the href of a page's next-page link, "" on the last page.
var nextLink = regexp.MustCompile(`<a href="([^"]*)" id="next">`)

// TestSearchBoxes: each long list has a labelled search box; a text
// narrows the list to what contains it, ignoring case, and never brings
// another customer's records; a text too long is answered at the box.
func TestSearchBoxes(t *testing.T) {
	e := newEnv(t, portal.Options{})
	admin := e.loggedIn(e.acme.admin)
	ops := e.loggedIn("ops")
	cust := "/customers/" + e.acme.cust.ID
	for _, c := range []struct {
		what    string
		b       *browser
		path    string
		in, out []string
	}{
		{"devices by description", admin, cust + "/devices?q=DESK+ONE", []string{"acme desk one"}, []string{"acme desk two", "globex desk"}},
		{"devices by model", admin, cust + "/devices?q=t54w", []string{"acme desk one", "acme desk two"}, []string{"globex desk"}},
		{"devices of another customer's text", admin, cust + "/devices?q=globex", []string{"Nothing matches this search."}, []string{"globex desk"}},
		{"devices for the operator", ops, cust + "/devices?q=desk", []string{"acme desk one", "acme desk two"}, []string{"globex desk"}},
		{"workplaces by username", admin, cust + "/workplaces?q=Acme.Two", []string{"acme.two"}, []string{"acme.one", "globex"}},
		{"workplaces by extension", admin, cust + "/workplaces?q=201", []string{"acme.one"}, []string{"acme.two", "globex"}},
		{"workplaces by name", admin, cust + "/workplaces?q=erika+muster", []string{"acme.one", "acme.two"}, []string{"globex"}},
		{"customers by name", ops, "/customers?q=ACME", []string{"acme GmbH"}, []string{"globex GmbH"}},
		{"customers by e-mail", ops, "/customers?q=admin%40globex", []string{"globex GmbH"}, []string{"acme GmbH"}},
		{"an administrator's customers", admin, "/customers?q=globex", []string{"Nothing matches this search."}, []string{"globex GmbH", "acme GmbH"}},
	} {
		p := c.b.get(c.path)
		wantIn(t, c.what, p, http.StatusOK, append([]string{`<label for="q">`, `name="q"`}, c.in...)...)
		wantOut(t, c.what, p, c.out...)
	}
	wantIn(t, "the text stays in the box", admin.get(cust+"/devices?q=desk+one"), http.StatusOK, `value="desk one"`)
	long := admin.get(cust + "/workplaces?q=" + strings.Repeat("x", 201))
	wantIn(t, "text too long", long, http.StatusUnprocessableEntity, "at most 200 characters", `aria-invalid="true"`)
	wantIn(t, "another customer's list", admin.get("/customers/"+e.other.cust.ID+"/devices?q=desk"), http.StatusNotFound)
}

// TestSearchPages: a search over more than a page keeps its text in the
// next page's link, and the next page holds the rest of the matches and
// nothing else.
func TestSearchPages(t *testing.T) {
	e := newEnv(t, portal.Options{})
	var numbers []string
	for i := range 55 {
		numbers = append(numbers, fmt.Sprintf("+4930555%04d", i), fmt.Sprintf("+4930777%04d", i))
	}
	_, err := e.svc.AddNumbers(e.ctx, switchboard.System, e.acme.cust.ID, app.NumbersInput{Numbers: numbers})
	e.must(err)
	_, err = e.svc.AddNumbers(e.ctx, switchboard.System, e.other.cust.ID, app.NumbersInput{Numbers: []string{"+4930555999"}})
	e.must(err)
	admin := e.loggedIn(e.acme.admin)
	first := admin.get("/customers/" + e.acme.cust.ID + "/numbers?q=30+555")
	wantIn(t, "first page", first, http.StatusOK, "305550000", "305550049")
	wantOut(t, "first page", first, "305550050", "30777", "30555999")
	m := nextLink.FindStringSubmatch(first.body)
	if m == nil {
		t.Fatal("no next page link on the first page of 55 matches")
	}
	next := html.UnescapeString(m[1])
	if !strings.Contains(next, "q=30+555") || !strings.Contains(next, "after=") {
		t.Errorf("next page link %q does not carry the search text and the cursor", next)
	}
	second := admin.get("/customers/" + e.acme.cust.ID + "/numbers" + next)
	wantIn(t, "second page", second, http.StatusOK, "305550050", "305550054", `value="30 555"`)
	wantOut(t, "second page", second, "305550049", "30777", "30555999", `id="next"`)
}
