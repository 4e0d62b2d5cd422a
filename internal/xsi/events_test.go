package xsi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// subscribe subscribes the channel set to a package of a target (a path
// after v2.0/) and returns the subscription id.
func (c *client) subscribe(target, set, pkg string) string {
	c.e.t.Helper()
	body := c.do(http.MethodPost, eventsPath(target), `<?xml version="1.0" encoding="UTF-8"?><Subscription xmlns="http://schema.broadsoft.com/xsi">`+
		`<event>`+pkg+`</event><expires>3600</expires><channelSetId>`+set+`</channelSetId><applicationId>test</applicationId></Subscription>`).
		want(c.e.t, http.StatusOK)
	return between(body, "<subscriptionId>", "</subscriptionId>")
}

// ack acknowledges an event.
func (c *client) ack(event string) {
	c.e.t.Helper()
	id := between(event, "<xsi:eventID>", "</xsi:eventID>")
	c.do(http.MethodPost, eventsPath("channel/eventresponse"), `<EventResponse xmlns="http://schema.broadsoft.com/xsi"><eventID>`+id+
		`</eventID><statusCode>200</statusCode><reason>OK</reason></EventResponse>`).want(c.e.t, http.StatusOK)
}

// eventType is the prefix every event of the subscription starts with.
const eventType = `<xsi:Event xmlns:xsi="http://schema.broadsoft.com/xsi" xmlns:xsi1="http://www.w3.org/2001/XMLSchema-instance" xsi1:type="xsi:SubscriptionEvent">`

func TestForwardingChangedThroughXsiIsSeenOnTheChannel(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	ch := user.openChannel("set-1", 1, 3600)
	sub := user.subscribe("user/"+tn.oneUser, "set-1", "Call Forwarding Always")
	first := ch.next(`xsi1:type="xsi:CallForwardingAlwaysEvent"`)
	if !strings.HasPrefix(first, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+eventType) {
		t.Errorf("event does not start as the specification writes it: %s", first)
	}
	for _, want := range []string{"<xsi:sequenceNumber>1</xsi:sequenceNumber>", "<xsi:userId>acme.one</xsi:userId>",
		"<xsi:subscriptionId>" + sub + "</xsi:subscriptionId>", "<xsi:channelId>" + ch.id + "</xsi:channelId>",
		"<xsi:targetId>acme.one</xsi:targetId>", "<xsi:externalApplicationId>test</xsi:externalApplicationId>",
		"<xsi:info><xsi:active>false</xsi:active>"} {
		if !strings.Contains(first, want) {
			t.Errorf("first event lacks %s: %s", want, first)
		}
	}
	user.ack(first)
	user.do(http.MethodPut, actions(tn.oneUser, "services/CallForwardingAlways"),
		`<CallForwardingAlways xmlns="http://schema.broadsoft.com/xsi"><active>true</active><forwardToPhoneNumber>*86</forwardToPhoneNumber></CallForwardingAlways>`).
		want(t, http.StatusOK)
	ev := ch.next("<xsi:active>true</xsi:active><xsi:forwardToPhoneNumber>*86</xsi:forwardToPhoneNumber>")
	if !strings.Contains(ev, "<xsi:sequenceNumber>2</xsi:sequenceNumber>") {
		t.Errorf("second event is not numbered 2: %s", ev)
	}
	user.ack(ev)
	// A change of another service is not sent to this package.
	user.do(http.MethodPut, actions(tn.oneUser, "services/DoNotDisturb"),
		`<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`).want(t, http.StatusOK)
	ch.none(1500 * time.Millisecond)
}

func TestMonitoringAccountSubscribesForEveryUser(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	other := e.tenant("other", 2)
	mon := e.as(tn.monitor)
	ch := mon.openChannel("xphone", 1, 3600)
	mon.subscribe("enterprise/"+tn.cust.ID, "xphone", "Do Not Disturb")
	mon.do(http.MethodPost, eventsPath("subscription"), `<Subscription xmlns="http://schema.broadsoft.com/xsi"><targetIdType>Group</targetIdType><targetId>`+
		tn.cust.ID+`</targetId><event>Advanced Call</event><channelSetId>xphone</channelSetId></Subscription>`).want(t, http.StatusOK)
	// Another customer's users cannot be watched, and a user cannot watch
	// their colleagues.
	mon.do(http.MethodPost, eventsPath("enterprise/"+other.cust.ID), `<Subscription><event>Do Not Disturb</event><channelSetId>xphone</channelSetId></Subscription>`).
		want(t, http.StatusNotFound)
	user := e.as(tn.twoUser)
	user.openChannel("mine", 1, 3600)
	user.do(http.MethodPost, eventsPath("enterprise/"+tn.cust.ID), `<Subscription><event>Do Not Disturb</event><channelSetId>mine</channelSetId></Subscription>`).
		want(t, http.StatusForbidden)
	user.do(http.MethodPost, eventsPath("user/"+tn.oneUser), `<Subscription><event>Do Not Disturb</event><channelSetId>mine</channelSetId></Subscription>`).
		want(t, http.StatusNotFound)

	user.do(http.MethodPut, actions(tn.twoUser, "services/DoNotDisturb"),
		`<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`).want(t, http.StatusOK)
	ev := ch.next(`xsi1:type="xsi:DoNotDisturbEvent"`)
	for _, want := range []string{"<xsi:userId>acme.monitor</xsi:userId>", "<xsi:targetId>acme.two</xsi:targetId>", "<xsi:active>true</xsi:active>"} {
		if !strings.Contains(ev, want) {
			t.Errorf("event lacks %s: %s", want, ev)
		}
	}
}

func TestUnacknowledgedEventsGoToAnotherChannelOfTheSet(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	first := user.openChannel("set", 1, 3600)
	second := user.openChannel("set", 2, 3600)
	user.subscribe("user/"+tn.oneUser, "set", "Do Not Disturb")
	acked := first.next("DoNotDisturbEvent")
	user.ack(acked)
	user.do(http.MethodPut, actions(tn.oneUser, "services/DoNotDisturb"),
		`<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`).want(t, http.StatusOK)
	unacked := first.next("<xsi:active>true</xsi:active>")
	user.do(http.MethodDelete, eventsPath("channel/"+first.id), "").want(t, http.StatusOK)
	first.next(`<xsi:reason>ExplicitDelete</xsi:reason>`)
	again := second.next("<xsi:active>true</xsi:active>")
	id := between(unacked, "<xsi:eventID>", "</xsi:eventID>")
	if !strings.Contains(again, "<xsi:eventID>"+id+"</xsi:eventID>") || !strings.Contains(again, "<xsi:channelId>"+second.id+"</xsi:channelId>") {
		t.Errorf("resent event %s, want event %s on channel %s", again, id, second.id)
	}
	second.none(500 * time.Millisecond)
	// Another client cannot touch the channel.
	e.as(tn.admin).do(http.MethodPut, eventsPath("channel/"+second.id+"/heartbeat"), "").want(t, http.StatusNotFound)
	user.do(http.MethodPut, eventsPath("channel/"+second.id+"/heartbeat"), "").want(t, http.StatusOK)
	second.next(`<ChannelHeartBeat xmlns="http://schema.broadsoft.com/xsi"/>`)
}

func TestChannelsAndSubscriptionsExpire(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	ch := user.openChannel("set", 1, 2)
	body := user.do(http.MethodPost, eventsPath("user/"+tn.oneUser), `<Subscription><event>Remote Office</event><expires>1</expires><channelSetId>set</channelSetId></Subscription>`).
		want(t, http.StatusOK)
	if !strings.Contains(body, "<expires>1</expires>") {
		t.Errorf("subscription answer %s, want expires 1", body)
	}
	ch.next("RemoteOfficeEvent")
	ch.next(`xsi1:type="xsi:SubscriptionTerminatedEvent"`)
	ch.next(`<xsi:Event xmlns:xsi="http://schema.broadsoft.com/xsi" xmlns:xsi1="http://www.w3.org/2001/XMLSchema-instance" xsi1:type="xsi:ChannelTerminatedEvent"><xsi:channelId>` +
		ch.id + `</xsi:channelId><xsi:reason>Expired</xsi:reason></xsi:Event>`)
}

func TestCallEventsReachTheChannelInOrder(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	mon := e.as(tn.monitor)
	ch := mon.openChannel("set", 1, 3600)
	mon.subscribe("user/"+tn.oneUser, "set", "Advanced Call")
	ch.next(`<xsi:eventData xsi1:type="xsi:CallSubscriptionEvent"><xsi:calls/><xsi:hookStatus>On-Hook</xsi:hookStatus></xsi:eventData>`)
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	call := switchboard.Call{ID: "callhalf-7", ExternalTrackingID: "trk-7", CustomerID: tn.cust.ID, WorkplaceID: tn.one.ID,
		Personality: switchboard.CallClickToDial, State: switchboard.CallAlerting, RemoteAddress: "+4989123456", StartedAt: start}
	steps := []struct {
		kind  string
		state switchboard.CallState
	}{{switchboard.EventCallOriginating, switchboard.CallAlerting}, {switchboard.EventCallAnswered, switchboard.CallActive},
		{switchboard.EventCallReleased, switchboard.CallReleased}}
	for _, s := range steps {
		c := call
		c.State = s.state
		if s.state != switchboard.CallAlerting {
			c.AnsweredAt = start.Add(5 * time.Second)
		}
		e.recordCallEvent(&switchboard.CallEvent{Kind: s.kind, CustomerID: tn.cust.ID, WorkplaceID: tn.one.ID, At: start, Call: &c})
	}
	want := `<xsi:eventData xsi1:type="xsi:CallOriginatingEvent"><xsi:call><xsi:callId>callhalf-7</xsi:callId><xsi:extTrackingId>trk-7</xsi:extTrackingId>` +
		`<xsi:personality>Click-to-Dial</xsi:personality><xsi:state>Alerting</xsi:state><xsi:remoteParty><xsi:address>tel:+4989123456</xsi:address>` +
		`<xsi:callType>Network</xsi:callType></xsi:remoteParty><xsi:startTime>1796205600000</xsi:startTime></xsi:call></xsi:eventData>`
	mon.ack(ch.next(want))
	mon.ack(ch.next(`xsi1:type="xsi:CallAnsweredEvent"><xsi:call><xsi:callId>callhalf-7</xsi:callId>`))
	released := ch.next(`xsi1:type="xsi:CallReleasedEvent"`)
	if !strings.Contains(released, "<xsi:state>Released</xsi:state>") || !strings.Contains(released, "<xsi:answerTime>1796205605000</xsi:answerTime>") {
		t.Errorf("released event: %s", released)
	}
}

func TestForwardingSetByFeatureCodeIsSeenOnTheChannel(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	desk, err := e.svc.CreateDevice(e.ctx, switchboard.System, tn.cust.ID, tn.one.ID, app.DeviceInput{Model: "yealink-t54w"})
	e.must(err)
	mon := e.as(tn.monitor)
	ch := mon.openChannel("set", 1, 3600)
	mon.subscribe("user/"+tn.oneUser, "set", "Call Forwarding Always")
	mon.subscribe("user/"+tn.oneUser, "set", "Voice Messaging")
	ch.next("CallForwardingAlwaysEvent")
	ch.next("VoiceMessagingEvent")
	for _, step := range []struct{ code, active string }{{"*21", "true"}, {"#21", "false"}} {
		r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: desk.ID, Dialled: step.code})
		e.must(err)
		if r.Feature == nil {
			t.Fatalf("%s was not taken as a feature code: %+v", step.code, r)
		}
		forward := ch.next(`xsi1:type="xsi:CallForwardingAlwaysEvent"><xsi:info><xsi:active>` + step.active + `</xsi:active>`)
		voicemail := ch.next(`<xsi:alwaysRedirectToVoiceMail>` + step.active + `</xsi:alwaysRedirectToVoiceMail>`)
		mon.ack(forward)
		mon.ack(voicemail)
	}
	got := mon.do(http.MethodGet, actions(tn.oneUser, "services/CallForwardingAlways"), "").want(t, http.StatusOK)
	if !strings.Contains(got, "<active>false</active>") {
		t.Errorf("after #21: %s", got)
	}
}

func TestAChangeOnAnotherNodeReachesTheChannel(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	_, other := e.node()
	mon := e.as(tn.monitor)
	ch := mon.openChannel("set", 1, 3600)
	mon.subscribe("enterprise/"+tn.cust.ID, "set", "Do Not Disturb")
	// The user's CTI client talks to the other node.
	user := e.as(tn.oneUser)
	user.srv = other
	user.do(http.MethodPut, actions(tn.oneUser, "services/DoNotDisturb"),
		`<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`).want(t, http.StatusOK)
	ev := ch.next(`xsi1:type="xsi:DoNotDisturbEvent"`)
	if !strings.Contains(ev, "<xsi:targetId>acme.one</xsi:targetId>") || !strings.Contains(ev, "<xsi:active>true</xsi:active>") {
		t.Errorf("event from the other node: %s", ev)
	}
}

func TestChannelsAndSubscriptionsAreRenewedAndDeleted(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	ch := user.openChannel("set", 1, 60)
	sub := user.subscribe("user/"+tn.oneUser, "set", "Do Not Disturb")
	user.ack(ch.next("DoNotDisturbEvent"))
	renewed := user.do(http.MethodPut, eventsPath("channel/"+ch.id), `<Channel xmlns="http://schema.broadsoft.com/xsi"><expires>7200</expires></Channel>`).want(t, http.StatusOK)
	if !strings.Contains(renewed, "<channelId>"+ch.id+"</channelId><expires>7200</expires>") {
		t.Errorf("renewed channel: %s", renewed)
	}
	renewed = user.do(http.MethodPut, eventsPath("subscription/"+sub), `<Subscription xmlns="http://schema.broadsoft.com/xsi"><expires>99999999</expires></Subscription>`).want(t, http.StatusOK)
	if !strings.Contains(renewed, "<subscriptionId>"+sub+"</subscriptionId><expires>86400</expires>") {
		t.Errorf("renewed subscription (capped at a day): %s", renewed)
	}
	e.as(tn.admin).do(http.MethodDelete, eventsPath("subscription/"+sub), "").want(t, http.StatusNotFound)
	user.do(http.MethodDelete, eventsPath("subscription/"+sub), "").want(t, http.StatusOK)
	user.do(http.MethodPut, actions(tn.oneUser, "services/DoNotDisturb"),
		`<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`).want(t, http.StatusOK)
	ch.none(1500 * time.Millisecond)
}
