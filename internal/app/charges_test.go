package app_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// envTariff prices calls in the env: 10 cents a started minute to
// Germany, 100 and a 50 cent connection fee to North America.
var envTariff = func() *switchboard.Tariff {
	t, err := switchboard.ParseTariff(strings.NewReader("+49,10\n+1,100,50\n"))
	if err != nil {
		panic(err)
	}
	return t
}()

// external is a number of the public network the tests call.
const external = "+4989887766771"

// placedCall is a call a workplace (1 or 2) placed to remote, answered
// and talked for talk (0: never answered), through CTI when cti; twice
// records its release twice.
type placedCall struct {
	wp        int
	remote    string
	talk      time.Duration
	voicemail bool
	cti       bool
	twice     bool
}

// newTopStop is the hot-desk tenant with a trunk for calls out.
func newTopStop(t *testing.T) (*env, hotDesk) {
	e, h := newHotDesk(t)
	_, err := e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.1:5060",
		CallerID: "+493010000099", Password: "secret"})
	e.must(err)
	return e, h
}

// place records c as the B2BUA does: answered now, released after talk.
func (e *env) place(h hotDesk, c placedCall) {
	e.t.Helper()
	w := map[int]*switchboard.Workplace{1: h.wp1, 2: h.wp2}[c.wp]
	now := e.clock()
	call := &switchboard.Call{ID: switchboard.NewID("call", now), ExternalTrackingID: "x", CustomerID: h.cust.ID, WorkplaceID: w.ID,
		Personality: switchboard.CallOriginator, State: switchboard.CallReleased, RemoteAddress: c.remote, Voicemail: c.voicemail,
		StartedAt: now, ReleasedAt: now.Add(c.talk), ReleaseCause: switchboard.ReleaseNormal}
	if c.talk > 0 {
		call.AnsweredAt = now
	}
	if c.cti {
		call.Personality = switchboard.CallClickToDial
	}
	for range map[bool]int{false: 1, true: 2}[c.twice] {
		e.must(e.svc.RecordCallEvent(e.ctx, &switchboard.CallEvent{Kind: switchboard.EventCallReleased, CustomerID: h.cust.ID,
			WorkplaceID: w.ID, At: call.ReleasedAt, Call: call}))
	}
}

// topStopEvents counts the security events TopStop wrote.
func (e *env) topStopEvents() int {
	e.t.Helper()
	evs, _, err := e.svc.Events(e.ctx, switchboard.System, switchboard.EventSecurity, switchboard.Page{Limit: switchboard.MaxPageSize})
	e.must(err)
	n := 0
	for _, ev := range evs {
		if ev.Actor == "topstop" {
			n++
		}
	}
	return n
}

// TestTopStop: answered calls to the public network add up per customer,
// workplace and caller number; a level that reached its own limit this
// month (UTC) refuses further calls out with a message naming it, once
// noted as a security event; internal calls, the voicemail and
// unanswered calls cost nothing, and internal calls stay allowed.
func TestTopStop(t *testing.T) {
	minutes := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	toApril := time.Date(2026, 4, 1, 0, 0, 30, 0, time.UTC).Sub(start)
	for _, tc := range []struct {
		name string
		// customer, workplace (wp1) and number (wp1's) limits in cents.
		customer, workplace, number, wp2 int64
		before                           time.Duration
		calls                            []placedCall
		after                            time.Duration
		// from is the desk (1 or 2) calling external; refused the word
		// its refusal must hold ("" for allowed), events how many
		// security events TopStop wrote.
		from    int
		refused string
		events  int
	}{
		{name: "no limit", calls: []placedCall{{wp: 1, remote: external, talk: minutes(600)}}, from: 1},
		{name: "workplace below its limit", workplace: 50, calls: []placedCall{{wp: 1, remote: external, talk: minutes(4)}}, from: 1},
		{name: "workplace limit exactly reached", workplace: 50, calls: []placedCall{{wp: 1, remote: "089887766771", talk: minutes(5)}},
			from: 1, refused: "TopStop of the workplace reached: 0.50 of 0.50 this month; an administrator can raise the limit", events: 1},
		{name: "started minutes count", workplace: 40, calls: []placedCall{{wp: 1, remote: external, talk: minutes(2) + time.Second},
			{wp: 1, remote: external, talk: time.Second}}, from: 1, refused: "0.40 of 0.40", events: 1},
		{name: "workplace over its limit, noted once", workplace: 50, calls: []placedCall{{wp: 1, remote: external, talk: minutes(5)},
			{wp: 1, remote: external, talk: minutes(1)}}, from: 1, refused: "0.60 of 0.50", events: 1},
		{name: "connection fee", workplace: 200, calls: []placedCall{{wp: 1, remote: "+12125550100", talk: minutes(1) + time.Second}},
			from: 1, refused: "2.50 of 2.00", events: 1},
		{name: "click-to-dial calls count", workplace: 50, calls: []placedCall{{wp: 1, remote: external, talk: minutes(5), cti: true}},
			from: 1, refused: "0.50 of 0.50", events: 1},
		{name: "a call charged once", workplace: 50, calls: []placedCall{{wp: 1, remote: external, talk: minutes(3), twice: true}}, from: 1},
		{name: "customer reached by another workplace", customer: 50, calls: []placedCall{{wp: 2, remote: external, talk: minutes(5)}},
			from: 1, refused: "TopStop of the customer reached: 0.50 of 0.50", events: 1},
		{name: "number reached", number: 30, calls: []placedCall{{wp: 1, remote: external, talk: minutes(3)}},
			from: 1, refused: "TopStop of the number reached: 0.30 of 0.30", events: 1},
		{name: "another caller number is not held to the number's limit", number: 30,
			calls: []placedCall{{wp: 1, remote: external, talk: minutes(3)}}, from: 2, events: 1},
		{name: "each level against its own limit", customer: 1000, wp2: 50,
			calls: []placedCall{{wp: 1, remote: external, talk: minutes(10)}}, from: 1},
		{name: "internal calls, voicemail and unanswered calls are free", workplace: 10, calls: []placedCall{
			{wp: 1, remote: "202", talk: minutes(60)}, {wp: 2, remote: wp1Number, talk: minutes(60)},
			{wp: 1, remote: "*86", talk: minutes(60), voicemail: true}, {wp: 1, remote: external},
			{wp: 1, remote: "*21", talk: minutes(1)}}, from: 1},
		{name: "last month's spending does not count", workplace: 50, calls: []placedCall{{wp: 1, remote: external, talk: minutes(5)}},
			after: toApril, from: 1, events: 1},
		{name: "a call counts in the month it ended", workplace: 50, before: toApril - minutes(3),
			calls: []placedCall{{wp: 1, remote: external, talk: minutes(5)}}, after: minutes(3), from: 1, refused: "0.50 of 0.50", events: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, h := newTopStop(t)
			limit := func(v int64) *int64 { return &v }
			_, err := e.svc.UpdateCustomer(e.ctx, h.admin, h.cust.ID, app.CustomerPatch{ChargeLimit: limit(tc.customer)})
			e.must(err)
			for wp, v := range map[string]int64{h.wp1.ID: tc.workplace, h.wp2.ID: tc.wp2} {
				_, err = e.svc.UpdateWorkplace(e.ctx, h.admin, wp, app.WorkplacePatch{ChargeLimit: limit(v)})
				e.must(err)
			}
			_, err = e.svc.UpdateNumber(e.ctx, h.admin, h.cust.ID, h.numbers[0], app.NumberPatch{ChargeLimit: limit(tc.number)})
			e.must(err)
			e.advance(tc.before)
			for _, c := range tc.calls {
				if c.remote == wp1Number {
					c.remote = h.numbers[0]
				}
				e.place(h, c)
			}
			e.advance(tc.after)
			desk := map[int]string{1: h.desk1.ID, 2: h.desk2.ID}[tc.from]
			r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: desk, Dialled: external})
			e.must(err)
			if tc.refused == "" && r.Refused != nil || tc.refused != "" && !strings.Contains(switchboard.ErrorMessage(r.Refused), tc.refused) {
				t.Errorf("call out refused with %v; want %q", r.Refused, tc.refused)
			}
			if tc.refused != "" {
				wantCode(t, "refusal", r.Refused, switchboard.EFORBIDDEN)
			}
			wp := map[int]string{1: h.wp1.ID, 2: h.wp2.ID}[tc.from]
			if r, err := e.svc.Route(e.ctx, switchboard.CallRequest{WorkplaceID: wp, Dialled: external}); err != nil || (r.Refused != nil) != (tc.refused != "") {
				t.Errorf("click-to-dial out: %v, refused %v; want refused %v", err, r.Refused, tc.refused != "")
			}
			if r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: desk, Dialled: "201"}); err != nil || r.Refused != nil {
				t.Errorf("internal call: %v, %v; want it allowed", err, r.Refused)
			}
			if n := e.topStopEvents(); n != tc.events {
				t.Errorf("%d TopStop security events; want %d", n, tc.events)
			}
		})
	}
}

// wp1Number as a TestTopStop call's remote stands for wp1's number: a
// number of the customer, so an internal call.
const wp1Number = "wp1's number"

// TestCharges: administrators read the month's spending next to the
// limits, per workplace and number; others may not.
func TestCharges(t *testing.T) {
	e, h := newTopStop(t)
	other := e.bare("other", 2)
	_, err := e.svc.UpdateWorkplace(e.ctx, h.admin, h.wp1.ID, app.WorkplacePatch{ChargeLimit: ptr(int64(50))})
	e.must(err)
	e.place(h, placedCall{wp: 1, remote: external, talk: 5 * time.Minute})
	e.place(h, placedCall{wp: 2, remote: external, talk: 2 * time.Minute})
	got, err := e.svc.Charges(e.ctx, h.admin, h.cust.ID, "")
	e.must(err)
	want := &app.Charges{CustomerID: h.cust.ID, Month: "2026-03", Spent: 70, Calls: 2,
		Workplaces: []app.ChargeLine{{ID: h.wp1.ID, Spent: 50, Calls: 1, ChargeLimit: 50, Reached: true}, {ID: h.wp2.ID, Spent: 20, Calls: 1}},
		Numbers:    []app.ChargeLine{{ID: h.numbers[0], Spent: 50, Calls: 1}, {ID: "+493010000099", Spent: 20, Calls: 1}}}
	if h.wp2.ID < h.wp1.ID {
		want.Workplaces[0], want.Workplaces[1] = want.Workplaces[1], want.Workplaces[0]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("charges of March = %+v; want %+v", got, want)
	}
	april, err := e.svc.Charges(e.ctx, h.admin, h.cust.ID, "2026-04")
	if err != nil || april.Spent != 0 || len(april.Workplaces) != 0 {
		t.Errorf("April = %+v, %v; want nothing spent", april, err)
	}
	for _, tc := range []struct {
		name  string
		p     switchboard.Principal
		month string
		code  string
	}{
		{"user", h.user1, "", switchboard.EFORBIDDEN},
		{"other customer's administrator", other.admin, "", switchboard.ENOTFOUND},
		{"bad month", h.admin, "2026-3", switchboard.EINVALID},
		{"operator", switchboard.System, "2026-03", ""},
	} {
		_, err := e.svc.Charges(e.ctx, tc.p, h.cust.ID, tc.month)
		wantCode(t, tc.name, err, tc.code)
	}
}
