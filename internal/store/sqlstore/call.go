package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

var _ switchboard.CallTx = (*tx)(nil)

// CallSettings returns the workplace's call settings.
func (t *tx) CallSettings(workplaceID string) (*switchboard.CallSettings, error) {
	return one(t, `SELECT body FROM call_settings WHERE workplace_id = ?`, []any{workplaceID},
		scanCallSettings, "call settings of workplace", workplaceID)
}

// scanCallSettings reads a settings body; an empty list of parallel
// numbers (left out of the JSON) reads as empty, not nil.
func scanCallSettings(s Row) (*switchboard.CallSettings, error) {
	cs, err := scanJSON[switchboard.CallSettings](s)
	if err == nil && cs.ParallelRingingNumbers == nil {
		cs.ParallelRingingNumbers = []string{}
	}
	return cs, err
}

// PutCallSettings inserts or replaces the settings of s.WorkplaceID.
func (t *tx) PutCallSettings(s *switchboard.CallSettings) error {
	body, err := encJSON(s)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO call_settings (workplace_id, customer_id, body) VALUES (?, ?, ?)
		ON CONFLICT (workplace_id) DO UPDATE SET customer_id = excluded.customer_id, body = excluded.body`,
		s.WorkplaceID, s.CustomerID, body)
	if err != nil {
		return t.refused(err, "call settings of workplace", "call_settings", s.WorkplaceID, nil,
			workplaceRef(s.CustomerID, s.WorkplaceID))
	}
	return nil
}

// scanJSON scans a row of one JSON body column.
func scanJSON[T any](s Row) (*T, error) {
	v := new(T)
	err := s.Scan(jsonCol[T]{v})
	return v, err
}

// AddCallEvent appends e and sets its Seq from the database's sequence.
// It first takes the lock of call_event_order's row, held to the commit:
// a Seq is given only after every smaller one is committed, so readers
// see Seqs in order and never skip one still in flight.
func (t *tx) AddCallEvent(e *switchboard.CallEvent) error {
	body, err := encJSON(e)
	if err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE call_event_order SET n = n + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("order call event: %w", err)
	}
	err = t.queryRow(`INSERT INTO call_events (customer_id, at, body) VALUES (?, ?, ?) RETURNING seq`,
		e.CustomerID, t.time(e.At), body).Scan(&e.Seq)
	if err != nil {
		return fmt.Errorf("add call event: %w", err)
	}
	return nil
}

// scanCallEvent reads an event's body and its Seq, which the body, written
// before the database gave the Seq, lacks.
func scanCallEvent(s Row) (*switchboard.CallEvent, error) {
	e := &switchboard.CallEvent{}
	var seq int64
	if err := s.Scan(&seq, jsonCol[switchboard.CallEvent]{e}); err != nil {
		return nil, err
	}
	e.Seq = seq
	if e.Settings != nil && e.Settings.ParallelRingingNumbers == nil {
		e.Settings.ParallelRingingNumbers = []string{}
	}
	return e, nil
}

// CallEventsAfter returns up to limit events with Seq above after, of one
// customer or of all, in Seq order.
func (t *tx) CallEventsAfter(customerID string, after int64, limit int) ([]*switchboard.CallEvent, error) {
	q, args := `SELECT seq, body FROM call_events WHERE seq > ?`, []any{after}
	if customerID != "" {
		q, args = q+` AND customer_id = ?`, append(args, customerID)
	}
	out, err := all(t, q+` ORDER BY seq LIMIT ?`, append(args, limit), scanCallEvent)
	if err != nil {
		return nil, fmt.Errorf("list call events: %w", err)
	}
	return out, nil
}

// LastCallEventSeq returns the highest Seq given so far, 0 when none.
func (t *tx) LastCallEventSeq() (int64, error) {
	var seq int64
	if err := t.queryRow(`SELECT COALESCE(MAX(seq), 0) FROM call_events`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last call event: %w", err)
	}
	return seq, nil
}

// DeleteCallEventsBefore removes the events older than before.
func (t *tx) DeleteCallEventsBefore(before time.Time) (int, error) {
	n, err := t.exec(`DELETE FROM call_events WHERE at < ?`, t.time(before))
	if err != nil {
		return 0, fmt.Errorf("delete call events: %w", err)
	}
	return int(n), nil
}

// PutCallRecord inserts or replaces the journal entry of c.ID.
func (t *tx) PutCallRecord(c *switchboard.Call) error {
	body, err := encJSON(c)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO call_records (id, customer_id, workplace_id, started_at, body) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, body = excluded.body`,
		c.ID, c.CustomerID, c.WorkplaceID, t.time(c.StartedAt), body)
	if err != nil {
		return t.refused(err, "call", "call_records", c.ID, nil, workplaceRef(c.CustomerID, c.WorkplaceID))
	}
	return nil
}

// CallRecords lists a workplace's journal newest first; the cursor is the
// id of the last call of the previous page.
func (t *tx) CallRecords(workplaceID string, p switchboard.Page) ([]*switchboard.Call, string, error) {
	q, args := `SELECT body FROM call_records WHERE workplace_id = ?`, []any{workplaceID}
	if p.After != "" {
		q += ` AND (started_at < (SELECT started_at FROM call_records WHERE id = ?)
			OR (started_at = (SELECT started_at FROM call_records WHERE id = ?) AND id < ?))`
		args = append(args, p.After, p.After, p.After)
	}
	size := p.Size()
	out, err := all(t, q+` ORDER BY started_at DESC, id DESC LIMIT ?`, append(args, size+1), scanJSON[switchboard.Call])
	if err != nil {
		return nil, "", fmt.Errorf("list calls of workplace %s: %w", workplaceID, err)
	}
	next := ""
	if len(out) > size {
		out = out[:size]
		next = out[size-1].ID
	}
	return out, next, nil
}
