package app

import (
	"context"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// HistoryCauseEvents returns the audit events behind the versions of a
// device's settings history, by event id, with their actors named as the
// audit pages name them, so the history says who made each change. Events
// of another customer than the device's are left out. The customer's
// administrators only, as for the history itself.
func (s *Service) HistoryCauseEvents(ctx context.Context, p switchboard.Principal, id string, causes []HistoryCause) (map[string]*switchboard.Event, error) {
	objects := map[string][]string{}
	for _, c := range causes {
		objects[c.Action] = append(objects[c.Action], c.Object)
	}
	out := map[string]*switchboard.Event{}
	err := s.view(ctx, func(tx switchboard.Tx) error {
		d, err := deviceToChange(tx, p, id)
		if err != nil {
			return err
		}
		var found []*switchboard.Event
		for action, objs := range objects {
			evs, err := tx.EventsAbout(action, objs)
			if err != nil {
				return err
			}
			for _, ev := range evs {
				if ev.CustomerID == d.CustomerID {
					found = append(found, ev)
				}
			}
		}
		if err := nameActors(tx, found); err != nil {
			return err
		}
		if err := namePortalActors(tx, found); err != nil {
			return err
		}
		for _, ev := range found {
			out[ev.ID] = ev
		}
		return nil
	})
	return out, err
}
