package switchboard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// Channel is how a message travels to its recipient.
type Channel string

// Channels.
const (
	ChannelEmail Channel = "email"
	ChannelSMS   Channel = "sms"
	// ChannelRedirect carries calls to redirect services (RedirectCall).
	ChannelRedirect Channel = "redirect"
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c == ChannelEmail || c == ChannelSMS || c == ChannelRedirect }

// MessageState is the delivery state of an outgoing message: pending until a
// sender accepted it, failed once every attempt was used up.
type MessageState string

// Message states.
const (
	MessagePending MessageState = "pending"
	MessageSent    MessageState = "sent"
	MessageFailed  MessageState = "failed"
)

// Message kinds, saying which text a message carries.
const (
	MessageWelcome           = "welcome"
	MessageInitialPassword   = "initial_password"
	MessageOrderConfirmation = "order_confirmation"
	MessagePasswordReset     = "password_reset"
	MessageFraudAlert        = "fraud_alert"
)

// Message is an e-mail or SMS in the outbox. Use cases write it in the same
// transaction as the change it tells about, so a committed change always has
// its message and a rolled-back one never does; a dispatcher delivers it
// later, retrying until a sender accepts it.
//
// Text and HTML may carry a one-time password: stores seal them at rest like
// every other secret, and they are never logged.
type Message struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer,omitempty"`
	// Kind is one of the Message* kinds above.
	Kind    string  `json:"kind"`
	Channel Channel `json:"channel"`
	// To is an e-mail address for ChannelEmail, an E.164 number for
	// ChannelSMS.
	To       string `json:"to"`
	Language string `json:"language"`
	// Subject is empty for SMS.
	Subject string `json:"subject,omitempty"`
	Text    string `json:"text"`
	// HTML is the HTML alternative of an e-mail; empty for SMS.
	HTML string `json:"html,omitempty"`
	// Key stays the same across every attempt: the e-mail's Message-ID
	// (<Key@host>) or the SMS gateway's idempotency key. A message sent
	// but not yet recorded as sent when the process died is sent again
	// with the same key, so the receiver can recognise the duplicate.
	Key string `json:"key"`

	// Attempts counts the delivery attempts made so far.
	Attempts      int          `json:"attempts"`
	NextAttemptAt time.Time    `json:"next_attempt_at"`
	State         MessageState `json:"state"`
	// LastError is the reason the last attempt failed, for operators.
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// SentAt is when a sender accepted the message; zero until then.
	SentAt time.Time `json:"sent_at"`
}

// NewMessage returns a pending message due at once, with a fresh id and key.
func NewMessage(kind string, ch Channel, to, language string, now time.Time) *Message {
	now = now.UTC()
	return &Message{
		ID:            NewID("msg", now),
		Kind:          kind,
		Channel:       ch,
		To:            to,
		Language:      language,
		Key:           NewMessageKey(),
		NextAttemptAt: now,
		State:         MessagePending,
		CreatedAt:     now,
	}
}

// NewMessageKey returns a random 128-bit key in hex, usable both as the
// local part of a Message-ID and as an HTTP idempotency key.
func NewMessageKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("switchboard: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// Validate checks that a message can be delivered: a known channel, a
// recipient of the channel's kind, a body and a key.
func (m *Message) Validate() error {
	if !m.Channel.Valid() {
		return FieldErrorf("channel", "channel must be email, sms or redirect")
	}
	switch m.Channel {
	case ChannelRedirect:
		if !IsID(m.To) || !IsID(m.Subject) {
			return FieldErrorf("to", "a redirect call needs a device id as recipient and an account id as subject")
		}
	case ChannelEmail:
		if err := ValidateEmail("to", m.To); err != nil {
			return err
		}
		if strings.TrimSpace(m.Subject) == "" {
			return FieldErrorf("subject", "an e-mail needs a subject")
		}
	case ChannelSMS:
		if _, err := CanonicalE164("to", m.To); err != nil {
			return err
		}
	}
	if strings.TrimSpace(m.Text) == "" {
		return FieldErrorf("text", "a message needs a text body")
	}
	if m.Key == "" || strings.ContainsAny(m.Key, "<>@ \t\r\n") {
		return FieldErrorf("key", "a message needs a key without spaces, '<', '>' or '@'")
	}
	return nil
}

// OutboxClaim asks for the messages a dispatcher is about to send.
type OutboxClaim struct {
	// Channels limits the claim to the channels the dispatcher has a sender
	// for; messages of other channels stay pending and readable.
	Channels []Channel
	// Now: only pending messages with NextAttemptAt not after Now are due.
	Now time.Time
	// Until is when the claim lapses: claimed messages get NextAttemptAt =
	// Until, so no other dispatcher (on another node) takes them meanwhile,
	// and a dispatcher that died mid-batch leaves them due again afterwards.
	Until time.Time
	// Limit bounds the batch.
	Limit int
	// By and GoneBefore work as in OrderClaim: messages claimed by an
	// earlier run of their node, or by a node gone before GoneBefore, are
	// due again at once.
	By         Claimant
	GoneBefore time.Time
}

// Outbox is what a dispatcher needs of the store to deliver messages. Each
// method is its own transaction. A message is marked sent only after a sender
// accepted it, so a crash between sending and marking causes a re-send with
// the same Key, never a loss. Implementations: the SQLite and PostgreSQL
// stores (PostgreSQL claims with FOR UPDATE SKIP LOCKED so nodes sharing it
// never claim the same message).
type Outbox interface {
	// Claim returns up to c.Limit pending messages of c.Channels due at
	// c.Now or left by a claimant that is gone (see OutboxClaim), oldest
	// NextAttemptAt first, and in the same transaction records c.By's
	// heartbeat and sets their NextAttemptAt to c.Until under c.By's
	// claim. The Mark methods and Release end the claim.
	Claim(ctx context.Context, c OutboxClaim) ([]*Message, error)
	// MarkSent records an accepted attempt: State sent, SentAt at,
	// Attempts+1, LastError cleared.
	MarkSent(ctx context.Context, id string, at time.Time) error
	// MarkRetry records a failed attempt: Attempts+1, LastError errText,
	// NextAttemptAt next; the message stays pending.
	MarkRetry(ctx context.Context, id string, next time.Time, errText string) error
	// MarkFailed records the last failed attempt: State failed,
	// Attempts+1, LastError errText. The message is never tried again.
	MarkFailed(ctx context.Context, id string, errText string) error
	// Release ends a claim without an attempt, making the message due at
	// at; a dispatcher that stops before sending a claimed message calls
	// it so the message need not wait for the claim to lapse.
	Release(ctx context.Context, id string, at time.Time) error
}

// MessageFilter narrows a message list; empty fields match everything.
type MessageFilter struct {
	// CustomerID limits to one customer's messages; empty lists all
	// (operator).
	CustomerID string
	State      MessageState
	Channel    Channel
}

// OutboxTx is implemented by the Tx of stores that keep an outbox: use cases
// write messages in the same transaction as the change they tell about, and
// operators and administrators read them (without --smtp, mail stays there
// to be read through the API). Errors as for Tx.
type OutboxTx interface {
	// CreateMessage stores a new message; ECONFLICT on a used id or key.
	CreateMessage(m *Message) error
	Message(id string) (*Message, error)
	// Messages lists messages, newest last, paginated like other lists.
	Messages(f MessageFilter, p Page) ([]*Message, string, error)
}
