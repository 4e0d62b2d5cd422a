package api_test

import (
	"strings"
	"testing"
)

// TestContacts walks the phonebook contacts as an administrator: create,
// list page by page, change, import a CSV file (refused whole with a bad
// line, then taken), delete; and a workplace's opt-out by its own user.
func TestContacts(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	coll := "/api/v1/customers/" + a.customer + "/contacts"
	id := e.must(201, "POST", coll, a.admin, `{"name": "Müller & Co", "company": "Bau <GmbH>", "numbers": ["+49 30 1234567", "200"]}`).str("id")
	e.must(422, "POST", coll, a.admin, `{"name": "No number", "numbers": []}`)

	r := e.must(200, "PATCH", coll+"/"+id, a.admin, `{"label": "Supplier"}`)
	if r.str("label") != "Supplier" || r.str("name") != "Müller & Co" || !strings.Contains(string(r.raw), `"+49301234567"`) {
		t.Errorf("patched contact: %s", r.raw)
	}

	bad := e.must(422, "POST", coll+"/import", a.admin, "name;numbers\nEmpfang;100\nBroken;abc\n")
	if !strings.Contains(string(bad.raw), "line 3") {
		t.Errorf("refused import does not name line 3: %s", bad.raw)
	}
	if n := len(e.must(200, "GET", coll, a.admin, nil).items()); n != 1 {
		t.Errorf("after a refused import: %d contacts, want 1", n)
	}
	e.must(201, "POST", coll+"/import", a.admin, "name;numbers\nEmpfang;100\nLager;+4930555555|300\n")
	first := e.must(200, "GET", coll+"?limit=2", a.admin, nil)
	if len(first.items()) != 2 || first.str("next") == "" {
		t.Errorf("first page of 3 contacts by 2: %s", first.raw)
	}

	e.must(204, "DELETE", coll+"/"+id, a.admin, nil)
	e.must(404, "GET", coll+"/"+id, a.admin, nil)

	w := e.must(200, "PATCH", "/api/v1/workplaces/"+a.wp1, a.user1, `{"phonebook_opt_out": true}`)
	if w.obj()["phonebook_opt_out"] != true {
		t.Errorf("opt-out not taken: %s", w.raw)
	}
}
