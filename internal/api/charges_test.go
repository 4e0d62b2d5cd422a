package api_test

import (
	"regexp"
	"testing"
)

// TestCustomerCharges: administrators read the month's spending with
// empty workplace and number lists before any call; a month not written
// YYYY-MM is refused, a user is forbidden.
func TestCustomerCharges(t *testing.T) {
	e := newEnv(t)
	a := e.makeTenant("alpha", "+4930111")
	charges := "/api/v1/customers/" + a.customer + "/charges"
	r := e.must(200, "GET", charges, a.admin, nil)
	if !regexp.MustCompile(`^\d{4}-\d{2}$`).MatchString(r.str("month")) || r.obj()["spent"] != float64(0) ||
		len(r.obj()["workplaces"].([]any)) != 0 || len(r.obj()["numbers"].([]any)) != 0 {
		t.Errorf("charges of the current month: %s", r.raw)
	}
	if r := e.must(200, "GET", charges+"?month=2026-02", a.admin, nil); r.str("month") != "2026-02" || r.str("customer") != a.customer {
		t.Errorf("charges of February: %s", r.raw)
	}
	e.must(422, "GET", charges+"?month=2026-13", a.admin, nil)
	e.must(403, "GET", charges, a.user1, nil)
}
