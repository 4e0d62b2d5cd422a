package api_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/sbtest"
)

// failedMessage writes a mail of the customer with the body "the
// secret body" that failed after its last attempt, and returns its id.
func (e *env) failedMessage(customerID string) string {
	e.t.Helper()
	return sbtest.FailedMessage(e.t, e.store, customerID, "the secret body").ID
}

// TestResendMessage: the customer's administrator sends a failed message
// again and gets it pending without its body; the operator gets the body;
// a message that has not failed is a conflict; another customer's
// administrator does not find it and a user may not.
func TestResendMessage(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenants()
	id := e.failedMessage(a.customer)
	path := "/api/v1/messages/" + id + "/resend"
	e.must(404, "POST", path, b.admin, nil)
	e.must(403, "POST", path, a.user1, nil)
	got := e.must(200, "POST", path, a.admin, nil).obj()
	if got["state"] != "pending" || got["attempts"] != 0.0 || got["last_error"] != nil || got["text"] != "" {
		t.Errorf("resent message: %v; want pending, no attempts, no error, no body", got)
	}
	e.must(409, "POST", path, a.admin, nil)
	id = e.failedMessage(a.customer)
	if got := e.must(200, "POST", "/api/v1/messages/"+id+"/resend", e.operator, nil).str("text"); got != "the secret body" {
		t.Errorf("operator's answer has the body %q", got)
	}
	audited := false
	for _, ev := range e.must(200, "GET", "/api/v1/customers/"+a.customer+"/events?kind=audit", a.admin, nil).items() {
		audited = audited || ev["action"] == "message.resend" && ev["object"] == id
	}
	if !audited {
		t.Errorf("the audit trail lacks the resend of %s", id)
	}
}
