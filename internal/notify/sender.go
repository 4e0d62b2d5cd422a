// Package notify delivers the outbox: a Dispatcher claims due messages from
// the store and hands each to the Sender of its channel (SMTP mail in
// notify/smtp, the HTTP SMS gateway in notify/sms), retrying with
// exponential back-off until a sender accepts it or the attempts run out.
// The texts themselves are written by notify/messages.
//
// Wiring: use cases write messages built by notify/messages into the outbox
// (switchboard.OutboxTx) in the transaction of the change and publish an
// outbox notice (switchboard.TopicOutbox) after the commit; serve builds a
// smtp.Sender from --smtp and an sms.Sender from --sms-url, passes those it
// has as Config.Senders, the store as Config.Outbox and the bus as
// Config.Changes, and runs Dispatcher.Run. A channel
// without a sender is left alone, so without --smtp mail stays readable in
// the outbox.
package notify

import (
	"context"
	"errors"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Sender delivers one message over its channel. It returns nil only once the
// receiving system has accepted the message; any other outcome is an error,
// retried unless it is Permanent. Send must put m.Key on the wire (e-mail
// Message-ID, SMS idempotency key) so a repeated send is recognisable.
type Sender interface {
	Send(ctx context.Context, m *switchboard.Message) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, m *switchboard.Message) error

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, m *switchboard.Message) error { return f(ctx, m) }

// permanentError marks a failure that another attempt cannot fix, such as
// an address the receiving system refuses.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent wraps err so the dispatcher marks the message failed at once
// instead of retrying it.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err, or an error it wraps, was marked
// Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// retryAtError asks for the next attempt at a time the sender chose.
type retryAtError struct {
	err error
	at  time.Time
}

func (e *retryAtError) Error() string { return e.err.Error() }
func (e *retryAtError) Unwrap() error { return e.err }

// RetryAt wraps err so the dispatcher makes the next attempt at at instead
// of after its own back-off: a sender whose receiver named a pause, or that
// told someone when the next attempt comes, keeps to it.
func RetryAt(err error, at time.Time) error {
	if err == nil {
		return nil
	}
	return &retryAtError{err: err, at: at}
}

// retryAt returns the time RetryAt asked for, if any.
func retryAt(err error) (time.Time, bool) {
	var r *retryAtError
	if errors.As(err, &r) {
		return r.at, true
	}
	return time.Time{}, false
}
