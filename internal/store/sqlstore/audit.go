package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.AuditTx = (*tx)(nil)

// eventTextCols are the event columns a search looks into.
var eventTextCols = []string{"action", "object", "detail", "actor", "ip"}

// SearchEvents lists events in id order, narrowed by f.
func (t *tx) SearchEvents(f switchboard.EventSearch, p switchboard.Page) ([]*switchboard.Event, string, error) {
	w := filter{}.eq("customer_id", f.CustomerID).eq("kind", f.Kind).contains(f.Text, eventTextCols...)
	return list(t, eventCols, "events", "id", w, p, scanEvent, func(e *switchboard.Event) string { return e.ID })
}

// EventsAbout returns the events of action about any of objects.
func (t *tx) EventsAbout(action string, objects []string) ([]*switchboard.Event, error) {
	if len(objects) == 0 {
		return []*switchboard.Event{}, nil
	}
	args := []any{action}
	for _, o := range objects {
		args = append(args, o)
	}
	out, err := all(t, `SELECT `+eventCols+` FROM events WHERE action = ? AND object IN (`+placeholders(len(objects))+`) ORDER BY id`,
		args, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", action, err)
	}
	return out, nil
}

// ResendMessage makes a failed message pending again with no attempts.
func (t *tx) ResendMessage(id string, at time.Time) error {
	n, err := t.exec(`UPDATE messages SET state = ?, attempts = 0, last_error = '', next_attempt_at = ?, claimed_by = '', claim_run = ''
		WHERE id = ? AND state = ?`, string(switchboard.MessagePending), t.time(at), id, string(switchboard.MessageFailed))
	if err != nil {
		return fmt.Errorf("resend message %s: %w", id, err)
	}
	if n > 0 {
		return nil
	}
	m, err := t.Message(id)
	if err != nil {
		return err
	}
	return conflictf("message %q is %s; only a failed message is sent again", id, m.State)
}
