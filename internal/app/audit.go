package app

import (
	"context"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// EventQuery narrows the audit trail as the portal's audit pages search
// it.
type EventQuery struct {
	// Customer limits the list to one customer; empty means the
	// operator's whole trail, or the own customer's for an administrator.
	Customer string
	// Kind is audit, security or empty for both.
	Kind string
	// Text keeps the events whose action, object, detail, actor or
	// address contain it, ignoring case.
	Text string
}

// maxSearchText bounds a search text: longer ones find nothing anyway.
const maxSearchText = 200

// validate checks the kind and the text as searchText does.
func (q EventQuery) validate() error {
	if q.Kind != "" && q.Kind != switchboard.EventAudit && q.Kind != switchboard.EventSecurity {
		return switchboard.FieldErrorf("kind", "the kind is audit or security")
	}
	_, err := searchText(q.Text)
	return err
}

// SearchEvents lists audit and security events with their actors' names:
// the operator every customer's or one customer's, an administrator the
// own customer's (another customer's answers ENOTFOUND), users none
// (EFORBIDDEN). It serves the same events as Events and CustomerEvents,
// with a search text on top.
func (s *Service) SearchEvents(ctx context.Context, p switchboard.Principal, q EventQuery, page switchboard.Page) ([]*switchboard.Event, string, error) {
	if err := q.validate(); err != nil {
		return nil, "", err
	}
	q.Text = strings.TrimSpace(q.Text)
	if q.Customer == "" && p.Role != switchboard.RoleOperator {
		if p.Role != switchboard.RoleAdmin {
			return nil, "", switchboard.Errorf(switchboard.EFORBIDDEN, "only administrators may read events")
		}
		q.Customer = p.CustomerID
	}
	var out []*switchboard.Event
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if q.Customer != "" {
			if _, err := s.customerFor(tx, p, q.Customer); err != nil {
				return err
			}
		}
		var err error
		f := switchboard.EventSearch{EventFilter: switchboard.EventFilter{CustomerID: q.Customer, Kind: q.Kind}, Text: q.Text}
		if out, next, err = tx.SearchEvents(f, page); err != nil {
			return err
		}
		if err := nameActors(tx, out); err != nil {
			return err
		}
		return namePortalActors(tx, out)
	})
	return orEmpty(out), next, err
}

// sessionIDPrefix starts every portal session's id (PortalLogIn's
// NewID("pse", …)), the actor of the changes made in the portal.
const sessionIDPrefix = "pse_"

// namePortalActors names the actor of changes made in the portal: the
// username that opened the session, read from the session's log-in event,
// so the name stays after the session has ended.
func namePortalActors(tx switchboard.Tx, events []*switchboard.Event) error {
	var sessions []string
	seen := map[string]bool{}
	for _, ev := range events {
		if strings.HasPrefix(ev.Actor, sessionIDPrefix) && !seen[ev.Actor] {
			seen[ev.Actor] = true
			sessions = append(sessions, ev.Actor)
		}
	}
	logins, err := tx.EventsAbout("portal.login", sessions)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, l := range logins {
		if user, _, ok := strings.Cut(l.Detail, " from "); ok {
			names[l.Object] = user
		}
	}
	for _, ev := range events {
		if name, ok := names[ev.Actor]; ok {
			ev.ActorName = name + " (portal)"
		}
	}
	return nil
}

// ResendMessage gives a message that failed for good a new round of
// attempts, at once: its customer's administrators and the operator may
// (the operator alone for a message of no customer; another customer's
// message is ENOTFOUND). Only a failed message can be sent again
// (ECONFLICT). The change is audited; the answer has the bodies only for
// the operator, as the message lists.
func (s *Service) ResendMessage(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Message, error) {
	var m *switchboard.Message
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if m, err = tx.Message(id); err != nil {
			return audit{}, asNotFound(err, "message", id)
		}
		if m.CustomerID == "" && p.Role != switchboard.RoleOperator {
			return audit{}, notFound("message", id)
		}
		if err := mayAdminister(p, m.CustomerID, "message", id); err != nil {
			return audit{}, err
		}
		if err := tx.ResendMessage(id, now); err != nil {
			return audit{}, err
		}
		if m, err = tx.Message(id); err != nil {
			return audit{}, err
		}
		return audit{customer: m.CustomerID, action: "message.resend", object: id,
			detail: string(m.Channel) + " " + m.Kind}, nil
	})
	if err != nil {
		return nil, err
	}
	s.outboxWritten(ctx)
	return redactMessages(p, []*switchboard.Message{m})[0], nil
}
