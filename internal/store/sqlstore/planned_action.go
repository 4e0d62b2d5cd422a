package sqlstore

import (
	"fmt"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// PlanActions inserts or replaces each device's planned turn.
func (t *tx) PlanActions(ps []*switchboard.PlannedAction) error {
	for _, p := range ps {
		_, err := t.exec(`INSERT INTO planned_actions (device_id, action, due) VALUES (?, ?, ?)
			ON CONFLICT (device_id) DO UPDATE SET action = excluded.action, due = excluded.due`,
			p.DeviceID, string(p.Action), t.time(p.Due))
		if err != nil {
			return t.refused(err, "planned action", "planned_actions", p.DeviceID, nil,
				ref{kind: "device", id: p.DeviceID, query: `SELECT 1 FROM devices WHERE id = ?`, args: []any{p.DeviceID}})
		}
	}
	return nil
}

func scanPlannedAction(s Row) (*switchboard.PlannedAction, error) {
	p := &switchboard.PlannedAction{}
	err := s.Scan(&p.DeviceID, &p.Action, timeCol{&p.Due})
	return p, err
}

// TakeDueActions selects the due turns, locked where the database locks
// rows and skipping those locked already, and deletes them.
func (t *tx) TakeDueActions(now time.Time, limit int) ([]*switchboard.PlannedAction, error) {
	due, err := all(t, `SELECT device_id, action, due FROM planned_actions WHERE due <= ? ORDER BY due, device_id LIMIT ?`+t.db.d.SkipLocked(),
		[]any{t.time(now), limit}, scanPlannedAction)
	if err != nil {
		return nil, fmt.Errorf("due planned actions: %w", err)
	}
	for _, p := range due {
		if _, err := t.exec(`DELETE FROM planned_actions WHERE device_id = ?`, p.DeviceID); err != nil {
			return nil, fmt.Errorf("take planned action: %w", err)
		}
	}
	return due, nil
}
