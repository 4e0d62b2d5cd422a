package api_test

import (
	"context"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// failedMessage writes a mail of the customer to the outbox that failed
// after its last attempt, and returns its id.
func (e *env) failedMessage(customerID string) string {
	e.t.Helper()
	ctx := context.Background()
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "anna@example.com", "de", e.now)
	m.CustomerID, m.Subject, m.Text, m.Key = customerID, "Ihr Passwort", "the secret body", switchboard.NewMessageKey()
	err := e.store.Update(ctx, func(tx switchboard.Tx) error { return tx.CreateMessage(m) })
	if err == nil {
		err = e.store.(switchboard.Outbox).MarkFailed(ctx, m.ID, "550 no such mailbox")
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return m.ID
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
