package app_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// outside is the number the tests' forwardings send calls to.
const outside = "+4940123456"

// received records a call wp2 received, answered and released after talk:
// at its own desk, or at outsideNumber where its settings sent it.
func (e *env) received(h hotDesk, outsideNumber string, talk time.Duration) {
	e.t.Helper()
	now := e.clock()
	c := &switchboard.Call{ID: switchboard.NewID("call", now), ExternalTrackingID: "x", CustomerID: h.cust.ID,
		WorkplaceID: h.wp2.ID, Personality: switchboard.CallTerminator, State: switchboard.CallReleased, RemoteAddress: "201",
		StartedAt: now, AnsweredAt: now, ReleasedAt: now.Add(talk), ReleaseCause: switchboard.ReleaseNormal, OutsideNumber: outsideNumber}
	e.must(e.svc.RecordCallEvent(e.ctx, &switchboard.CallEvent{Kind: switchboard.EventCallReleased, CustomerID: h.cust.ID,
		WorkplaceID: h.wp2.ID, At: c.ReleasedAt, Call: c}))
}

// topStopMails returns the TopStop mails in the customer's outbox.
func (e *env) topStopMails(customerID string) []*switchboard.Message {
	e.t.Helper()
	ms, _, err := e.svc.CustomerMessages(e.ctx, switchboard.System, customerID, app.MessageFilter{}, switchboard.Page{Limit: switchboard.MaxPageSize})
	e.must(err)
	var out []*switchboard.Message
	for _, m := range ms {
		if m.Kind == switchboard.MessageTopStop {
			out = append(out, m)
		}
	}
	return out
}

// TestForwardingOutIsChargedToTheForwardingWorkplace: a forwarding, remote
// office or parallel number of the public network leaves through the
// trunk on the account of the workplace whose setting sent the call
// there, which pays for it when answered there (not when answered at its
// own desk). Once over its TopStop the leg to the public network is left
// out and the workplace rings as if the feature were off (its desk, then
// the voicemail); the administrators get one mail however many calls
// come in afterwards, and the caller's own calls out are not affected.
func TestForwardingOutIsChargedToTheForwardingWorkplace(t *testing.T) {
	desk2 := func(h hotDesk) string { return h.wp2.ID + ":" + h.desk2.ID }
	for _, tc := range []struct {
		name     string
		settings app.CallSettingsPatch
		// ringing and refused are the targets before and after the
		// TopStop.
		ringing, refused func(h hotDesk) []string
	}{
		{"forward always", app.CallSettingsPatch{ForwardAlways: ptr(true), ForwardTo: ptr(outside), Voicemail: ptr(true)},
			func(hotDesk) []string { return []string{"trunk:" + outside} }, func(h hotDesk) []string { return []string{desk2(h)} }},
		{"remote office", app.CallSettingsPatch{RemoteOffice: ptr(true), RemoteOfficeNumber: ptr(outside), Voicemail: ptr(true)},
			func(hotDesk) []string { return []string{"trunk:" + outside} }, func(h hotDesk) []string { return []string{desk2(h)} }},
		{"parallel ringing", app.CallSettingsPatch{ParallelRinging: ptr(true), ParallelRingingNumbers: ptr([]string{outside, "201"}), Voicemail: ptr(true)},
			func(h hotDesk) []string { return []string{desk2(h), "trunk:" + outside, h.wp1.ID + ":" + h.desk1.ID} },
			func(h hotDesk) []string { return []string{desk2(h), h.wp1.ID + ":" + h.desk1.ID} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, h := newTopStop(t)
			_, err := e.svc.UpdateWorkplace(e.ctx, h.admin, h.wp2.ID, app.WorkplacePatch{ChargeLimit: ptr(int64(50))})
			e.must(err)
			e.callSettings(h.tenant, h.wp2.ID, tc.settings)
			// route checks where a call to wp2 rings; the voicemail
			// takes it after the delay whenever wp2's desk rings.
			route := func(want []string) {
				t.Helper()
				r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: h.desk1.ID, Dialled: "202"})
				e.must(err)
				if r.Refused != nil || !reflect.DeepEqual(describe(r), want) {
					t.Fatalf("call to 202 rings %v (refused %v); want %v", describe(r), r.Refused, want)
				}
				for _, target := range r.Targets {
					if target.TrunkID != "" && target.WorkplaceID != h.wp2.ID {
						t.Errorf("the leg to %s is on the account of %q; want wp2", target.Number, target.WorkplaceID)
					}
				}
				if mailbox := want[0] == desk2(h); mailbox != (r.NoAnswer != nil && r.NoAnswer.Voicemail) {
					t.Errorf("after the delay %+v; want the voicemail %v", r.NoAnswer, mailbox)
				}
			}
			route(tc.ringing(h))

			e.received(h, "", time.Hour)
			e.received(h, outside, 5*time.Minute)
			e.received(h, outside, time.Minute)
			got, err := e.svc.Charges(e.ctx, h.admin, h.cust.ID, "")
			e.must(err)
			want := []app.ChargeLine{{ID: h.wp2.ID, Spent: 60, Calls: 2, ChargeLimit: 50, Reached: true}}
			if !reflect.DeepEqual(got.Workplaces, want) || got.Spent != 60 {
				t.Errorf("charges %+v; want wp2's forwarded calls alone: %+v", got, want)
			}
			for range 3 {
				route(tc.refused(h))
			}
			if ms := e.topStopMails(h.cust.ID); len(ms) != 1 || ms[0].To != h.cust.AdminEmail {
				t.Errorf("TopStop mails %+v; want one to %s", ms, h.cust.AdminEmail)
			}
			if r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: h.desk1.ID, Dialled: external}); err != nil || r.Refused != nil {
				t.Errorf("wp1's own call out: %v, refused %v", err, r.Refused)
			}
		})
	}
}

// TestTopStopMailLanguage: the TopStop mail is written in the portal
// language the customer's administrator chose.
func TestTopStopMailLanguage(t *testing.T) {
	e, h := newTopStop(t)
	e.must(e.db.Update(e.ctx, func(tx switchboard.Tx) error {
		return tx.CreatePortalAccount(&switchboard.PortalAccount{ID: switchboard.NewID("pac", start), Username: strings.ToLower(h.cust.AdminEmail),
			Role: switchboard.RoleAdmin, CustomerID: h.cust.ID, Language: "fr", CreatedAt: start})
	}))
	_, err := e.svc.UpdateWorkplace(e.ctx, h.admin, h.wp1.ID, app.WorkplacePatch{ChargeLimit: ptr(int64(50))})
	e.must(err)
	e.place(h, placedCall{wp: 1, remote: external, talk: 5 * time.Minute})
	if ms := e.topStopMails(h.cust.ID); len(ms) != 1 || ms[0].Language != "fr" {
		t.Errorf("TopStop mails %+v; want one in French", ms)
	}
}
