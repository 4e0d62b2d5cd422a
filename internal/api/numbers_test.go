package api_test

import (
	"net/url"
	"testing"
)

func TestNumbers(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	path := "/api/v1/customers/" + a.customer + "/numbers"

	// Added canonicalised, all at once.
	r := e.must(201, "POST", path, a.admin, `{"numbers": ["0049 89 1234567", "+49-89-1234568"]}`)
	if items := r.items(); len(items) != 2 || items[0]["number"] != "+49891234567" || items[1]["number"] != "+49891234568" {
		t.Errorf("added: %s", r.raw)
	}
	count := func() int { return len(e.must(200, "GET", path, a.admin, nil).items()) }
	n := count()

	// One bad entry adds none, and the answer names it.
	for _, c := range []struct {
		body   string
		status int
		field  string
	}{
		{`{"numbers": ["+49891111111", "12345"]}`, 422, "numbers[1]"},
		{`{"numbers": ["+49891111111", "+4989123456789012"]}`, 422, "numbers[1]"},
		{`{"numbers": ["+49891111111", "+49 89 1111111"]}`, 422, "numbers[1]"},
		{`{"numbers": ["+49891111111", "+49891234567"]}`, 409, "numbers[1]"},
		{`{"numbers": ["+49891111111", "` + b.numbers[0] + `"]}`, 409, "numbers[1]"},
	} {
		checkField(t, e.must(c.status, "POST", path, a.admin, c.body), c.field)
	}
	e.must(422, "POST", path, a.admin, `{"numbers": []}`)
	if got := count(); got != n {
		t.Fatalf("refused lists added numbers: %d, want %d", got, n)
	}

	// free lists only unassigned numbers: 4 of the tenant's minus the two
	// workplaces' plus the two added.
	free := e.must(200, "GET", path+"?free=true", a.admin, nil).items()
	if len(free) != 4 {
		t.Errorf("free numbers: %v", free)
	}
	for _, f := range free {
		if f["workplace"] != nil {
			t.Errorf("assigned number listed as free: %v", f)
		}
	}
	// Pagination with a cursor walks the whole list once.
	seen := map[any]bool{}
	after := ""
	for range 10 {
		p := e.must(200, "GET", path+"?limit=2&after="+url.QueryEscape(after), a.admin, nil)
		for _, it := range p.items() {
			seen[it["number"]] = true
		}
		if after = p.str("next"); after == "" {
			break
		}
	}
	if len(seen) != n {
		t.Errorf("paginated %d numbers, want %d", len(seen), n)
	}

	// Delete: assigned → conflict, free → gone, another's → not found.
	e.must(409, "DELETE", path+"/"+a.numbers[0], a.admin, nil)
	e.must(204, "DELETE", path+"/"+a.numbers[3], a.admin, nil)
	e.must(404, "DELETE", path+"/"+a.numbers[3], a.admin, nil)
	e.must(404, "DELETE", path+"/"+b.numbers[3], a.admin, nil)
	e.must(403, "GET", path, a.user1, nil)
}
