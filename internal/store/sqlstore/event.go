package sqlstore

import "github.com/switchboard-pbx/switchboard"

const eventCols = `id, customer_id, kind, actor, actor_role, action, object, detail, ip, at`

func scanEvent(s Row) (*switchboard.Event, error) {
	e := &switchboard.Event{}
	err := s.Scan(&e.ID, &e.CustomerID, &e.Kind, &e.Actor, &e.ActorRole, &e.Action, &e.Object, &e.Detail, &e.IP,
		timeCol{&e.At})
	return e, err
}

// AddEvent appends e to the audit trail. Events keep their customer id
// even after the customer is deleted.
func (t *tx) AddEvent(e *switchboard.Event) error {
	_, err := t.exec(`INSERT INTO events (`+eventCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.CustomerID, e.Kind, e.Actor, string(e.ActorRole), e.Action, e.Object, e.Detail, e.IP, t.time(e.At))
	if err != nil {
		return t.refused(err, "event", "events", e.ID, nil)
	}
	return nil
}

// Events lists events in id order, narrowed by f.
func (t *tx) Events(f switchboard.EventFilter, p switchboard.Page) ([]*switchboard.Event, string, error) {
	return list(t, eventCols, "events", "id", filter{}.eq("customer_id", f.CustomerID).eq("kind", f.Kind),
		p, scanEvent, func(e *switchboard.Event) string { return e.ID })
}
