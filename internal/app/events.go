package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CustomerEvents lists a customer's audit and security events for its
// administrators and the operator; kind narrows to audit or security.
func (s *Service) CustomerEvents(ctx context.Context, p switchboard.Principal, customerID, kind string, page switchboard.Page) ([]*switchboard.Event, string, error) {
	var out []*switchboard.Event
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		if out, next, err = tx.Events(switchboard.EventFilter{CustomerID: customerID, Kind: kind}, page); err != nil {
			return err
		}
		return nameActors(tx, out)
	})
	return orEmpty(out), next, err
}

// Events lists all events for the operator and the own customer's for an
// administrator.
func (s *Service) Events(ctx context.Context, p switchboard.Principal, kind string, page switchboard.Page) ([]*switchboard.Event, string, error) {
	switch p.Role {
	case switchboard.RoleAdmin:
		return s.CustomerEvents(ctx, p, p.CustomerID, kind, page)
	case switchboard.RoleOperator:
	default:
		return nil, "", switchboard.Errorf(switchboard.EFORBIDDEN, "only administrators may read events")
	}
	var out []*switchboard.Event
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if out, next, err = tx.Events(switchboard.EventFilter{Kind: kind}, page); err != nil {
			return err
		}
		return nameActors(tx, out)
	})
	return orEmpty(out), next, err
}

// nameActors fills in each event's readable actor: the token's label, or
// for a token deleted since its role and customer; an actor that is a
// part of the system ("provisioning", "system") keeps its name.
func nameActors(tx switchboard.Tx, events []*switchboard.Event) error {
	if !slices.ContainsFunc(events, func(ev *switchboard.Event) bool { return strings.HasPrefix(ev.Actor, tokenIDPrefix) }) {
		for _, ev := range events {
			ev.ActorName = ev.Actor
		}
		return nil
	}
	labels := map[string]string{}
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		ts, next, err := tx.Tokens("", page)
		if err != nil {
			return fmt.Errorf("list tokens: %w", err)
		}
		for _, t := range ts {
			labels[t.ID] = t.Label()
		}
		if next == "" {
			break
		}
		page.After = next
	}
	for _, ev := range events {
		switch label, ok := labels[ev.Actor]; {
		case ok:
			ev.ActorName = label
		case strings.HasPrefix(ev.Actor, tokenIDPrefix):
			gone := switchboard.Token{Role: ev.ActorRole, CustomerID: ev.CustomerID}
			if ev.ActorRole == switchboard.RoleOperator {
				gone.CustomerID = ""
			}
			ev.ActorName = gone.Label() + " (token deleted)"
		default:
			ev.ActorName = ev.Actor
		}
	}
	return nil
}

// tokenIDPrefix starts every token's id (IssueToken's NewID("tok", …)).
const tokenIDPrefix = "tok_"
