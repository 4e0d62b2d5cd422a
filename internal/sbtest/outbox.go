package sbtest

import (
	"context"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// FailedMessage writes an e-mail of the customer with the text body to
// the outbox of s, which must also be the Outbox, and fails it for good
// as the dispatcher does after the last attempt.
func FailedMessage(tb testing.TB, s switchboard.Store, customerID, body string) *switchboard.Message {
	tb.Helper()
	ctx := context.Background()
	m := switchboard.NewMessage(switchboard.MessageInitialPassword, switchboard.ChannelEmail, "anna@example.com", "de", time.Now())
	m.CustomerID, m.Subject, m.Text, m.Key = customerID, "Ihr Passwort", body, switchboard.NewMessageKey()
	err := s.Update(ctx, func(tx switchboard.Tx) error { return tx.CreateMessage(m) })
	if err == nil {
		err = s.(switchboard.Outbox).MarkFailed(ctx, m.ID, "550 no such mailbox")
	}
	if err != nil {
		tb.Fatalf("failed message: %v", err)
	}
	m.State, m.Attempts, m.LastError = switchboard.MessageFailed, 1, "550 no such mailbox"
	return m
}
