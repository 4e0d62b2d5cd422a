package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.OutboxTx = (*tx)(nil)

const messageCols = `id, customer_id, kind, channel, recipient, language, subject, body_text, body_html, msg_key,
	attempts, next_attempt_at, state, last_error, created_at, sent_at`

func (t *tx) scanMessage(s Row) (*switchboard.Message, error) {
	m := &switchboard.Message{}
	err := s.Scan(&m.ID, &m.CustomerID, &m.Kind, &m.Channel, &m.To, &m.Language, &m.Subject,
		t.secret(&m.Text), t.secret(&m.HTML), &m.Key, &m.Attempts, timeCol{&m.NextAttemptAt}, &m.State,
		&m.LastError, timeCol{&m.CreatedAt}, timeCol{&m.SentAt})
	return m, err
}

// CreateMessage stores m with its bodies sealed; ECONFLICT on a used id or
// key.
func (t *tx) CreateMessage(m *switchboard.Message) error {
	sealed, err := t.seal(m.Text, m.HTML)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO messages (`+messageCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.CustomerID, m.Kind, string(m.Channel), m.To, m.Language, m.Subject, sealed[0], sealed[1], m.Key,
		m.Attempts, t.time(m.NextAttemptAt), string(m.State), m.LastError, t.time(m.CreatedAt), t.time(m.SentAt))
	if err != nil {
		return t.refused(err, "message", "messages", m.ID,
			unique{"messages_key": fmt.Sprintf("a message with key %q already exists", m.Key)})
	}
	return nil
}

// Message returns the message with id, bodies opened.
func (t *tx) Message(id string) (*switchboard.Message, error) {
	return one(t, `SELECT `+messageCols+` FROM messages WHERE id = ?`, []any{id}, t.scanMessage, "message", id)
}

// Messages lists messages in id order (oldest first).
func (t *tx) Messages(f switchboard.MessageFilter, p switchboard.Page) ([]*switchboard.Message, string, error) {
	w := filter{}.eq("customer_id", f.CustomerID).eq("state", string(f.State)).eq("channel", string(f.Channel))
	return list(t, messageCols, "messages", "id", w, p, t.scanMessage, func(m *switchboard.Message) string { return m.ID })
}

// write runs fn in a queue transaction of the dialect.
func (db *DB) write(ctx context.Context, fn func(t *tx) error) error {
	return db.d.Queue(ctx, func(c Conn) error { return fn(db.tx(ctx, c)) })
}

// Claim records c.By's heartbeat and returns the pending messages of
// c.Channels that are due or whose claimant is gone (claimGone), moving
// their NextAttemptAt to c.Until under c.By's claim. The dialect's
// SkipLocked lets dispatchers on several nodes claim disjoint sets without
// waiting for one another.
func (db *DB) Claim(ctx context.Context, c switchboard.OutboxClaim) ([]*switchboard.Message, error) {
	if len(c.Channels) == 0 || c.Limit <= 0 {
		return []*switchboard.Message{}, nil
	}
	var out []*switchboard.Message
	err := db.write(ctx, func(t *tx) error {
		if err := t.beatFor(c.By, c.Now); err != nil {
			return err
		}
		args := []any{string(switchboard.MessagePending)}
		for _, ch := range c.Channels {
			args = append(args, string(ch))
		}
		args = append(args, t.time(c.Now), t.time(c.GoneBefore), c.Limit)
		var err error
		out, err = all(t, `SELECT `+messageCols+` FROM messages
			WHERE state = ? AND channel IN (`+placeholders(len(c.Channels))+`)
			AND (next_attempt_at <= ? OR `+claimGone("messages")+`)
			AND `+inTurn+`
			ORDER BY next_attempt_at, id LIMIT ?`+t.db.d.SkipLocked(), args, t.scanMessage)
		if err != nil {
			return fmt.Errorf("claim messages: %w", err)
		}
		until := c.Until.UTC()
		for _, m := range out {
			if _, err := t.exec(`UPDATE messages SET next_attempt_at = ?, claimed_by = ?, claim_run = ? WHERE id = ?`,
				t.time(until), c.By.Node, c.By.Run, m.ID); err != nil {
				return fmt.Errorf("claim message %s: %w", m.ID, err)
			}
			m.NextAttemptAt = until
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// inTurn keeps a redirect call back while an older call for the same
// device is pending: a registration retried later must not be overtaken by
// the removal queued after it. Mail and SMS are not held back by a failing
// message to the same recipient.
var inTurn = `(channel <> '` + string(switchboard.ChannelRedirect) + `' OR NOT EXISTS (
	SELECT 1 FROM messages o WHERE o.channel = messages.channel AND o.recipient = messages.recipient
	AND o.state = messages.state AND (o.created_at < messages.created_at OR (o.created_at = messages.created_at AND o.id < messages.id))))`

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// MarkSent records an accepted attempt.
func (db *DB) MarkSent(ctx context.Context, id string, at time.Time) error {
	return db.mark(ctx, id, `state = ?, sent_at = ?, attempts = attempts + 1, last_error = ''`,
		string(switchboard.MessageSent), db.d.Time(at))
}

// MarkRetry records a failed attempt; the message stays pending until next.
func (db *DB) MarkRetry(ctx context.Context, id string, next time.Time, errText string) error {
	return db.mark(ctx, id, `attempts = attempts + 1, last_error = ?, next_attempt_at = ?`, errText, db.d.Time(next))
}

// MarkFailed records the last failed attempt.
func (db *DB) MarkFailed(ctx context.Context, id string, errText string) error {
	return db.mark(ctx, id, `state = ?, attempts = attempts + 1, last_error = ?`,
		string(switchboard.MessageFailed), errText)
}

// Release makes a claimed message due at at without counting an attempt.
func (db *DB) Release(ctx context.Context, id string, at time.Time) error {
	return db.mark(ctx, id, `next_attempt_at = ?`, db.d.Time(at))
}

// mark applies set to a pending message and ends its claim, so a message
// waiting for its next attempt is not made due by its last claimant's
// death: ENOTFOUND for an unknown id, ECONFLICT for one already sent or
// failed, whose outcome stands.
func (db *DB) mark(ctx context.Context, id, set string, args ...any) error {
	return db.write(ctx, func(t *tx) error {
		n, err := t.exec(`UPDATE messages SET `+set+`, claimed_by = '', claim_run = '' WHERE id = ? AND state = ?`,
			append(args, id, string(switchboard.MessagePending))...)
		if err != nil {
			return fmt.Errorf("update message %s: %w", id, err)
		}
		if n > 0 {
			return nil
		}
		m, err := t.Message(id)
		if err != nil {
			return err
		}
		return conflictf("message %q is %s, not pending; its outcome is already recorded", id, m.State)
	})
}
