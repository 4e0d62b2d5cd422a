package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// eventIDs returns the events' ids in their order.
func eventIDs(es []*switchboard.Event) []string {
	return keys(es, func(e *switchboard.Event) string { return e.ID })
}

// testAudit checks the audit pages' searches and the outbox's resend: the
// text is found in any column regardless of case, wildcards in it are
// taken literally, and only a failed message goes back to pending.
func testAudit(t *testing.T, s switchboard.Store) {
	w := setup(t, s)
	events := []*switchboard.Event{
		{ID: "evt_1", CustomerID: w.c1.ID, Kind: switchboard.EventAudit, Actor: "pse_1", Action: "portal.login",
			Object: "pse_1", Detail: "anna.schmidt from 192.0.2.1", At: utc(at)},
		{ID: "evt_2", CustomerID: w.c1.ID, Kind: switchboard.EventSecurity, Actor: "provisioning", Action: "provision.bad_key",
			Object: "100%_sure", IP: "198.51.100.9", At: utc(later)},
		{ID: "evt_3", CustomerID: w.c2.ID, Kind: switchboard.EventAudit, Actor: "pse_2", Action: "portal.login",
			Object: "pse_2", Detail: "Bob.Meier from 192.0.2.2", At: utc(later)},
	}
	update(t, s, func(tx switchboard.Tx) error { return each(tx.AddEvent, events...) })
	view(t, s, func(tx switchboard.Tx) error {
		for _, c := range []struct {
			f    switchboard.EventSearch
			want []string
		}{
			{switchboard.EventSearch{Text: "LOGIN"}, []string{"evt_1", "evt_3"}},
			{switchboard.EventSearch{Text: "bob.m"}, []string{"evt_3"}},
			{switchboard.EventSearch{Text: "198.51"}, []string{"evt_2"}},
			{switchboard.EventSearch{Text: "%_"}, []string{"evt_2"}},
			{switchboard.EventSearch{Text: "a_n"}, []string{}},
			{switchboard.EventSearch{EventFilter: switchboard.EventFilter{CustomerID: w.c1.ID}, Text: "login"}, []string{"evt_1"}},
			{switchboard.EventSearch{EventFilter: switchboard.EventFilter{Kind: switchboard.EventSecurity}}, []string{"evt_2"}},
		} {
			got, _, err := tx.SearchEvents(c.f, switchboard.Page{})
			if err != nil {
				return err
			}
			same(t, "search "+c.f.Text, eventIDs(got), c.want)
		}
		got, err := tx.EventsAbout("portal.login", []string{"pse_2", "pse_1", "pse_nope"})
		if err != nil {
			return err
		}
		same(t, "log-ins of sessions", eventIDs(got), []string{"evt_1", "evt_3"})
		got, err = tx.EventsAbout("portal.login", nil)
		same(t, "log-ins of no sessions", eventIDs(got), []string{})
		return err
	})

	ob := outboxOf(t, s)
	ctx := context.Background()
	failed, pending := newMessage(1, w.c1, switchboard.ChannelEmail, at), newMessage(2, w.c1, switchboard.ChannelEmail, at)
	update(t, s, func(tx switchboard.Tx) error { return each(tx.CreateMessage, failed, pending) })
	if err := ob.MarkFailed(ctx, failed.ID, "550 mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	update(t, s, func(tx switchboard.Tx) error { return tx.ResendMessage(failed.ID, later) })
	view(t, s, func(tx switchboard.Tx) error {
		m, err := tx.Message(failed.ID)
		if err != nil {
			return err
		}
		same(t, "resent message", []any{m.State, m.Attempts, m.LastError, m.NextAttemptAt},
			[]any{switchboard.MessagePending, 0, "", utc(later)})
		return nil
	})
	claimed, err := ob.Claim(ctx, switchboard.OutboxClaim{Channels: []switchboard.Channel{switchboard.ChannelEmail},
		Now: later, Until: later.Add(time.Minute), Limit: 10, By: switchboard.Claimant{Node: "n1", Run: "r1"}, GoneBefore: at})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "claimed after the resend", ids(claimed), []string{failed.ID, pending.ID})
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.ResendMessage(pending.ID, later) }), switchboard.ECONFLICT)
	wantError(t, try(s, func(tx switchboard.Tx) error { return tx.ResendMessage("msg_nope", later) }), switchboard.ENOTFOUND)
}
