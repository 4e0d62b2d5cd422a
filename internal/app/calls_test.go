package app_test

import (
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// callSettings resets wp's settings to the defaults and applies patch, as
// its administrator.
func (e *env) callSettings(tn tenant, wp string, patch app.CallSettingsPatch) {
	e.t.Helper()
	reset := app.CallSettingsPatch{ForwardAlways: ptr(false), ForwardTo: ptr(""), DoNotDisturb: ptr(false),
		RemoteOffice: ptr(false), RemoteOfficeNumber: ptr(""), ParallelRinging: ptr(false),
		ParallelRingingNumbers: ptr([]string{}), Voicemail: ptr(false), NoAnswerSeconds: ptr(20)}
	_, err := e.svc.UpdateCallSettings(e.ctx, tn.admin, wp, reset, switchboard.SettingsByAPI)
	e.must(err)
	_, err = e.svc.UpdateCallSettings(e.ctx, tn.admin, wp, patch, switchboard.SettingsByAPI)
	e.must(err)
}

func TestCallSettingsAccess(t *testing.T) {
	e, h := newHotDesk(t)
	other := e.bare("other", 2)
	monitor := switchboard.Principal{TokenID: "mon", Role: switchboard.RoleMonitor, CustomerID: h.cust.ID}
	otherMonitor := switchboard.Principal{TokenID: "mon2", Role: switchboard.RoleMonitor, CustomerID: other.cust.ID}
	for _, tc := range []struct {
		name        string
		p           switchboard.Principal
		read, write string
	}{
		{"own user", h.user1, "", ""},
		{"administrator", h.admin, "", ""},
		{"operator", switchboard.System, "", ""},
		{"monitoring account", monitor, "", switchboard.EFORBIDDEN},
		{"other user of the customer", h.user2, switchboard.ENOTFOUND, switchboard.ENOTFOUND},
		{"other customer's administrator", other.admin, switchboard.ENOTFOUND, switchboard.ENOTFOUND},
		{"other customer's monitoring account", otherMonitor, switchboard.ENOTFOUND, switchboard.ENOTFOUND},
	} {
		_, err := e.svc.CallSettings(e.ctx, tc.p, h.wp1.ID)
		wantCode(t, tc.name+" reads", err, tc.read)
		_, err = e.svc.UpdateCallSettings(e.ctx, tc.p, h.wp1.ID, app.CallSettingsPatch{DoNotDisturb: ptr(true)}, switchboard.SettingsByPortal)
		wantCode(t, tc.name+" writes", err, tc.write)
		_, _, err = e.svc.CallJournal(e.ctx, tc.p, h.wp1.ID, switchboard.Page{})
		wantCode(t, tc.name+" reads the journal", err, tc.read)
	}
	_, err := e.svc.UpdateCallSettings(e.ctx, h.user1, h.wp1.ID, app.CallSettingsPatch{NoAnswerSeconds: ptr(3)}, switchboard.SettingsByPortal)
	wantCode(t, "no answer after 3 s", err, switchboard.EINVALID)
}

func TestCallSettingsChangeIsAnEvent(t *testing.T) {
	e, h := newHotDesk(t)
	before, err := e.svc.LastCallEventSeq(e.ctx)
	e.must(err)
	e.changes.take()
	cs, err := e.svc.UpdateCallSettings(e.ctx, h.user1, h.wp1.ID, app.CallSettingsPatch{ForwardAlways: ptr(true),
		ForwardTo: ptr("+49 89 887766771")}, switchboard.SettingsByCTI)
	e.must(err)
	if !cs.ForwardAlways || cs.ForwardTo != "+4989887766771" || cs.UpdatedBy != switchboard.SettingsByCTI {
		t.Errorf("settings after the change = %+v", cs)
	}
	if got := e.changes.take(); !slices.Contains(got, "call "+h.cust.ID) {
		t.Errorf("notices = %v, want call %s", got, h.cust.ID)
	}
	evs, err := e.svc.CallEventsAfter(e.ctx, h.admin, h.cust.ID, before, 0)
	e.must(err)
	if len(evs) != 1 || evs[0].Kind != switchboard.EventCallSettings || !reflect.DeepEqual(evs[0].Settings, cs) {
		t.Fatalf("events after the change = %+v, want one CallSettings event with %+v", evs, cs)
	}
	mine, err := e.svc.CallEventsAfter(e.ctx, h.user2, h.cust.ID, before, 0)
	e.must(err)
	if len(mine) != 0 {
		t.Errorf("wp2's user sees wp1's events: %+v", mine)
	}
	_, err = e.svc.CallEventsAfter(e.ctx, e.bare("other", 2).admin, h.cust.ID, before, 0)
	wantCode(t, "other customer's events", err, switchboard.ENOTFOUND)
}

func TestRecordCallEventKeepsTheJournal(t *testing.T) {
	e, h := newHotDesk(t)
	c := &switchboard.Call{ID: "call_1", ExternalTrackingID: "x1", CustomerID: h.cust.ID, WorkplaceID: h.wp1.ID,
		Personality: switchboard.CallTerminator, State: switchboard.CallAlerting, RemoteAddress: "202", StartedAt: start}
	e.must(e.svc.RecordCallEvent(e.ctx, &switchboard.CallEvent{Kind: switchboard.EventCallReceived, CustomerID: h.cust.ID, WorkplaceID: h.wp1.ID, Call: c}))
	released := *c
	released.State, released.ReleasedAt, released.ReleaseCause = switchboard.CallReleased, start.Add(time.Minute), switchboard.ReleaseNormal
	e.must(e.svc.RecordCallEvent(e.ctx, &switchboard.CallEvent{Kind: switchboard.EventCallReleased, CustomerID: h.cust.ID, WorkplaceID: h.wp1.ID, Call: &released}))
	calls, _, err := e.svc.CallJournal(e.ctx, h.user1, h.wp1.ID, switchboard.Page{})
	e.must(err)
	if len(calls) != 1 || calls[0].State != switchboard.CallReleased {
		t.Fatalf("journal = %+v, want the released call", calls)
	}
	e.advance(25 * time.Hour)
	n, err := e.svc.DropOldCallEvents(e.ctx)
	if err != nil || n < 2 {
		t.Errorf("DropOldCallEvents = %d, %v; want the two events gone", n, err)
	}
	if calls, _, _ := e.svc.CallJournal(e.ctx, h.user1, h.wp1.ID, switchboard.Page{}); len(calls) != 1 {
		t.Errorf("the journal lost the call with the events")
	}
}

// routeWant is what a route must say: its targets (workplace or trunk
// and number, or voicemail), caller number, no-answer delay, or the
// refusal's code and a word of its message.
type routeWant struct {
	targets  []string
	caller   string
	noAnswer time.Duration
	refused  string
	word     string
}

// describe writes a route's targets as "wp:dev,dev", "trunk:number" or
// "voicemail".
func describe(r *switchboard.CallRoute) []string {
	out := []string{}
	for _, t := range r.Targets {
		switch {
		case t.Voicemail:
			out = append(out, "voicemail")
		case t.TrunkID != "":
			out = append(out, "trunk:"+t.Number)
		default:
			out = append(out, t.WorkplaceID+":"+strings.Join(t.DeviceIDs, ","))
		}
	}
	return out
}

func TestRoute(t *testing.T) {
	e, h := newHotDesk(t)
	other := e.bare("other", 2)
	wp1, wp2 := h.wp1.ID+":"+h.desk1.ID, h.wp2.ID+":"+h.desk2.ID
	fromDesk1 := func(dialled string) switchboard.CallRequest {
		return switchboard.CallRequest{DeviceID: h.desk1.ID, Dialled: dialled}
	}
	fromDesk2 := func(dialled string) switchboard.CallRequest {
		return switchboard.CallRequest{DeviceID: h.desk2.ID, Dialled: dialled}
	}
	var trunk *app.TrunkView
	steps := []struct {
		name  string
		setup func()
		req   func() switchboard.CallRequest
		want  routeWant
	}{
		{"extension", nil, func() switchboard.CallRequest { return fromDesk1("202") }, routeWant{targets: []string{wp2}, caller: "201"}},
		{"number of the customer", nil, func() switchboard.CallRequest { return fromDesk2(h.numbers[0]) }, routeWant{targets: []string{wp1}, caller: "202"}},
		{"national number of the customer", nil, func() switchboard.CallRequest { return fromDesk2("0" + h.numbers[0][3:]) }, routeWant{targets: []string{wp1}, caller: "202"}},
		{"unassigned number", nil, func() switchboard.CallRequest { return fromDesk1(h.numbers[3]) }, routeWant{refused: switchboard.ENOTFOUND, word: "no workplace"}},
		{"unknown extension", nil, func() switchboard.CallRequest { return fromDesk1("299") }, routeWant{refused: switchboard.ENOTFOUND, word: "299"}},
		{"external without trunk", nil, func() switchboard.CallRequest { return fromDesk1("+4989887766771") }, routeWant{refused: switchboard.ENOTFOUND, word: "no trunk"}},
		{"external", func() {
			var err error
			trunk, err = e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.1:5060",
				InboundAddresses: []string{"192.0.2.0/28"}, CallerID: "+493010000099", Password: "secret"})
			e.must(err)
		}, func() switchboard.CallRequest { return fromDesk1("089887766771") }, routeWant{targets: []string{"trunk:+4989887766771"}, caller: h.numbers[0]}},
		{"external from a workplace without number", nil, func() switchboard.CallRequest { return fromDesk2("+4989887766771") },
			routeWant{targets: []string{"trunk:+4989887766771"}, caller: "+493010000099"}},
		{"from the trunk", nil, func() switchboard.CallRequest {
			return switchboard.CallRequest{TrunkID: trunk.ID, CallerNumber: "+4989887766771", Dialled: h.numbers[0]}
		}, routeWant{targets: []string{wp1}, caller: "+4989887766771"}},
		{"from the trunk to another customer's number", nil, func() switchboard.CallRequest {
			return switchboard.CallRequest{TrunkID: trunk.ID, Dialled: other.numbers[0]}
		}, routeWant{refused: switchboard.ENOTFOUND, word: "not a number of the customer"}},
		{"do not disturb", func() { e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{DoNotDisturb: ptr(true)}) },
			func() switchboard.CallRequest { return fromDesk1("202") }, routeWant{refused: switchboard.ECONFLICT, word: "busy"}},
		{"forward always to the voicemail", func() { e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{ForwardAlways: ptr(true)}) },
			func() switchboard.CallRequest { return fromDesk1("202") }, routeWant{targets: []string{"voicemail"}, caller: "201"}},
		{"forward always to a number", func() {
			e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{ForwardAlways: ptr(true), ForwardTo: ptr("+4940123456")})
		}, func() switchboard.CallRequest { return fromDesk1("202") }, routeWant{targets: []string{"trunk:+4940123456"}, caller: "201"}},
		{"forward always to an extension", func() {
			e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{ForwardAlways: ptr(true), ForwardTo: ptr("201")})
		}, func() switchboard.CallRequest { return fromDesk2("202") }, routeWant{targets: []string{wp1}, caller: "202"}},
		{"remote office", func() {
			e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{RemoteOffice: ptr(true), RemoteOfficeNumber: ptr("+4940123456")})
		}, func() switchboard.CallRequest { return fromDesk1("202") }, routeWant{targets: []string{"trunk:+4940123456"}, caller: "201"}},
		{"parallel ringing and voicemail", func() {
			e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{ParallelRinging: ptr(true),
				ParallelRingingNumbers: ptr([]string{"+4940123456", "201"}), Voicemail: ptr(true), NoAnswerSeconds: ptr(15)})
		}, func() switchboard.CallRequest { return fromDesk1("202") },
			routeWant{targets: []string{wp2, "trunk:+4940123456", wp1}, caller: "201", noAnswer: 15 * time.Second}},
		{"blocked line, external", func() {
			e.callSettings(h.tenant, h.wp2.ID, app.CallSettingsPatch{})
			_, err := e.svc.BlockDevice(e.ctx, h.admin, h.desk1.ID)
			e.must(err)
		}, func() switchboard.CallRequest { return fromDesk1("+4989887766771") }, routeWant{refused: switchboard.EFORBIDDEN, word: "blocked"}},
		{"blocked line, internal", nil, func() switchboard.CallRequest { return fromDesk1("202") }, routeWant{targets: []string{wp2}, caller: "201"}},
		{"free device", nil, func() switchboard.CallRequest { return switchboard.CallRequest{DeviceID: h.free.ID, Dialled: "201"} },
			routeWant{refused: switchboard.ENOTFOUND, word: "no workplace"}},
	}
	for _, st := range steps {
		if st.setup != nil {
			st.setup()
		}
		r, err := e.svc.Route(e.ctx, st.req())
		if err != nil {
			t.Fatalf("%s: Route: %v", st.name, err)
		}
		if st.want.refused != "" {
			wantCode(t, st.name, r.Refused, st.want.refused)
			if msg := switchboard.ErrorMessage(r.Refused); !strings.Contains(msg, st.want.word) {
				t.Errorf("%s: refusal %q does not mention %q", st.name, msg, st.want.word)
			}
			continue
		}
		if r.Refused != nil {
			t.Errorf("%s: refused: %v", st.name, r.Refused)
			continue
		}
		if got := describe(r); !reflect.DeepEqual(got, st.want.targets) || r.CallerNumber != st.want.caller {
			t.Errorf("%s: targets %v from %q, want %v from %q", st.name, got, r.CallerNumber, st.want.targets, st.want.caller)
		}
		if r.NoAnswerAfter != st.want.noAnswer || (st.want.noAnswer > 0) != (r.NoAnswer != nil && r.NoAnswer.URI == voicemailURI) {
			t.Errorf("%s: no answer after %v to %+v, want %v", st.name, r.NoAnswerAfter, r.NoAnswer, st.want.noAnswer)
		}
	}
	found, err := e.svc.TrunkByAddress(e.ctx, netip.MustParseAddr("192.0.2.9"), h.numbers[0])
	if err != nil || found.ID != trunk.ID || found.Password != "" {
		t.Errorf("TrunkByAddress(192.0.2.9) = %+v, %v; want the trunk without its password", found, err)
	}
	_, err = e.svc.TrunkByAddress(e.ctx, netip.MustParseAddr("192.0.2.99"), h.numbers[0])
	wantCode(t, "unknown trunk address", err, switchboard.ENOTFOUND)

	// Another customer of the same carrier lists the same addresses: a
	// call from there is the trunk of the customer whose number it dials.
	shared, err := e.svc.CreateTrunk(e.ctx, other.admin, other.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "192.0.2.1:5060",
		InboundAddresses: []string{"192.0.2.9"}})
	e.must(err)
	for _, c := range []struct {
		dialled, want string
	}{{h.numbers[0], trunk.ID}, {other.numbers[0], shared.ID}, {"+4989887766771", trunk.ID}, {"not a number", trunk.ID}} {
		found, err := e.svc.TrunkByAddress(e.ctx, netip.MustParseAddr("192.0.2.9"), c.dialled)
		if err != nil || found.ID != c.want {
			t.Errorf("TrunkByAddress(192.0.2.9, %q) = %+v, %v; want trunk %s", c.dialled, found, err, c.want)
		}
	}
}

func TestRouteFeatureCodes(t *testing.T) {
	e, h := newHotDesk(t)
	dial := func(device, dialled string) *switchboard.CallRoute {
		t.Helper()
		r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: device, Dialled: dialled})
		if err != nil {
			t.Fatalf("Route(%s): %v", dialled, err)
		}
		if r.Refused != nil {
			t.Fatalf("Route(%s) refused: %v", dialled, r.Refused)
		}
		return r
	}
	forward := func() bool {
		cs, err := e.svc.CallSettings(e.ctx, h.user1, h.wp1.ID)
		e.must(err)
		return cs.ForwardAlways && cs.ForwardTo == "" && cs.UpdatedBy == switchboard.SettingsByFeatureCode
	}
	if r := dial(h.desk1.ID, "*21"); r.Feature == nil || r.Feature.Action != "" || !forward() {
		t.Errorf("*21: %+v; forward always to voicemail not on", r.Feature)
	}
	if r := dial(h.desk1.ID, "#21"); r.Feature == nil || forward() {
		t.Errorf("#21: %+v; forward always still on", r.Feature)
	}
	if r := dial(h.desk1.ID, "*86"); r.Feature == nil || r.Feature.Action != "voicemail" || r.Feature.URI != voicemailURI {
		t.Errorf("*86: %+v", r.Feature)
	}
	if r := dial(h.desk1.ID, "78811"); r.Feature == nil || r.Feature.Action != "call-pull" {
		t.Errorf("78811: %+v", r.Feature)
	}
	r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: h.free.ID, Dialled: "*55*202*0000#"})
	if err != nil || r.Refused == nil {
		t.Errorf("log-in with a wrong PIN: %+v, %v; want refused", r, err)
	}
	dial(h.free.ID, "*55*202*"+e.pin(h.wp2.ID)+"#")
	if r := dial(h.desk1.ID, "202"); !reflect.DeepEqual(describe(r), []string{h.wp2.ID + ":" + h.desk2.ID + "," + h.free.ID}) {
		t.Errorf("after the hot-desk log-in 202 rings %v, want desk 2 and the hot desk", describe(r))
	}
	dial(h.free.ID, "#55")
	if r := dial(h.desk1.ID, "202"); !reflect.DeepEqual(describe(r), []string{h.wp2.ID + ":" + h.desk2.ID}) {
		t.Errorf("after the log-out 202 rings %v, want desk 2 only", describe(r))
	}
}

func TestTrunksAndMonitoringAccounts(t *testing.T) {
	e, h := newHotDesk(t)
	other := e.bare("other", 2)
	tr, err := e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "carrier", Proxy: "sip.carrier.example", Password: "pw"})
	e.must(err)
	if !tr.PasswordSet || tr.Password != "" || tr.Transport != "udp" {
		t.Errorf("created trunk = %+v", tr)
	}
	tr, err = e.svc.UpdateTrunk(e.ctx, h.admin, tr.ID, app.TrunkPatch{Password: ptr(""), Transport: ptr("tls")})
	e.must(err)
	if tr.PasswordSet || tr.Transport != "tls" || tr.Name != "carrier" {
		t.Errorf("updated trunk = %+v", tr)
	}
	_, err = e.svc.CreateTrunk(e.ctx, h.admin, h.cust.ID, app.TrunkInput{Name: "bad", Proxy: "x", Transport: "sctp"})
	wantCode(t, "sctp trunk", err, switchboard.EINVALID)
	for _, p := range []switchboard.Principal{other.admin, h.user1} {
		_, err = e.svc.Trunk(e.ctx, p, tr.ID)
		if err == nil {
			t.Errorf("%s reads the trunk", p.TokenID)
		}
	}
	m, err := e.svc.CreateMonitoringAccount(e.ctx, h.admin, h.cust.ID, app.MonitoringAccountInput{Username: "cti.server"})
	e.must(err)
	if len(m.Password) < 12 || m.PasswordHash == m.Password {
		t.Errorf("monitoring account password %q", m.Password)
	}
	_, err = e.svc.CreateMonitoringAccount(e.ctx, other.admin, other.cust.ID, app.MonitoringAccountInput{Username: "cti.server"})
	wantCode(t, "a username taken", err, switchboard.ECONFLICT)
	_, err = e.svc.CreateMonitoringAccount(e.ctx, h.admin, h.cust.ID, app.MonitoringAccountInput{Username: h.wp1.Username})
	wantCode(t, "a workplace's username", err, switchboard.ECONFLICT)
	wantCode(t, "deleting another customer's account", e.svc.DeleteMonitoringAccount(e.ctx, other.admin, other.cust.ID, m.ID), switchboard.ENOTFOUND)
	e.must(e.svc.DeleteMonitoringAccount(e.ctx, h.admin, h.cust.ID, m.ID))
	ms, _, err := e.svc.MonitoringAccounts(e.ctx, h.admin, h.cust.ID, switchboard.Page{})
	if err != nil || len(ms) != 0 {
		t.Errorf("accounts after the deletion = %v, %v", ms, err)
	}
	_, err = e.svc.DialParameters(e.ctx, h.user1, h.cust.ID)
	wantCode(t, "dial parameters for a user", err, switchboard.EFORBIDDEN)
	dp, err := e.svc.DialParameters(e.ctx, h.admin, h.cust.ID)
	e.must(err)
	if dp.InternalNumberLength != 3 || dp.TrunkPrefix != "" || dp.CountryCode != "49" || dp.VoicemailNumber != "*86" {
		t.Errorf("dial parameters = %+v", dp)
	}
}
