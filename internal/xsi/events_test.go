package xsi_test

import (
	"github.com/switchboard-pbx/switchboard/internal/xsi/xsitest"
	"net/http"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// doNotDisturb switches the user's do not disturb on through Xsi.
func doNotDisturb(t *testing.T, c *xsitest.Client, user string) {
	t.Helper()
	c.Do(http.MethodPut, xsitest.Actions(user, "services/DoNotDisturb"),
		`<DoNotDisturb xmlns="http://schema.broadsoft.com/xsi"><active>true</active></DoNotDisturb>`).Want(t, http.StatusOK)
}

// eventType is the prefix every event of the subscription starts with.
const eventType = `<xsi:Event xmlns:xsi="http://schema.broadsoft.com/xsi" xmlns:xsi1="http://www.w3.org/2001/XMLSchema-instance" xsi1:type="xsi:SubscriptionEvent">`

func TestForwardingChangedThroughXsiIsSeenOnTheChannel(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	ch := user.OpenChannel("set-1", 1, 3600)
	sub := user.Subscribe("user/"+tn.oneUser, "set-1", "Call Forwarding Always")
	first := ch.Next(`xsi1:type="xsi:CallForwardingAlwaysEvent"`)
	if !strings.HasPrefix(first, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+eventType) {
		t.Errorf("event does not start as the specification writes it: %s", first)
	}
	for _, want := range []string{"<xsi:sequenceNumber>1</xsi:sequenceNumber>", "<xsi:userId>acme.one</xsi:userId>",
		"<xsi:subscriptionId>" + sub + "</xsi:subscriptionId>", "<xsi:channelId>" + ch.ID + "</xsi:channelId>",
		"<xsi:targetId>acme.one</xsi:targetId>", "<xsi:externalApplicationId>test</xsi:externalApplicationId>",
		"<xsi:info><xsi:active>false</xsi:active>"} {
		if !strings.Contains(first, want) {
			t.Errorf("first event lacks %s: %s", want, first)
		}
	}
	user.Ack(first)
	user.Do(http.MethodPut, xsitest.Actions(tn.oneUser, "services/CallForwardingAlways"),
		`<CallForwardingAlways xmlns="http://schema.broadsoft.com/xsi"><active>true</active><forwardToPhoneNumber>*86</forwardToPhoneNumber></CallForwardingAlways>`).
		Want(t, http.StatusOK)
	ev := ch.Next("<xsi:active>true</xsi:active><xsi:forwardToPhoneNumber>*86</xsi:forwardToPhoneNumber>")
	if !strings.Contains(ev, "<xsi:sequenceNumber>2</xsi:sequenceNumber>") {
		t.Errorf("second event is not numbered 2: %s", ev)
	}
	user.Ack(ev)
	// A change of another service is not sent to this package.
	doNotDisturb(t, user, tn.oneUser)
	ch.None(1500 * time.Millisecond)
}

func TestMonitoringAccountSubscribesForEveryUser(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	other := e.tenant("other", 2)
	mon := e.as(tn.monitor)
	ch := mon.OpenChannel("xphone", 1, 3600)
	mon.Subscribe("enterprise/"+tn.cust.ID, "xphone", "Do Not Disturb")
	mon.Do(http.MethodPost, xsitest.Events("subscription"), `<Subscription xmlns="http://schema.broadsoft.com/xsi"><targetIdType>Group</targetIdType><targetId>`+
		tn.cust.ID+`</targetId><event>Advanced Call</event><channelSetId>xphone</channelSetId></Subscription>`).Want(t, http.StatusOK)
	// Another customer's users cannot be watched, and a user cannot watch
	// their colleagues.
	mon.Do(http.MethodPost, xsitest.Events("enterprise/"+other.cust.ID), `<Subscription><event>Do Not Disturb</event><channelSetId>xphone</channelSetId></Subscription>`).
		Want(t, http.StatusNotFound)
	user := e.as(tn.twoUser)
	user.OpenChannel("mine", 1, 3600)
	user.Do(http.MethodPost, xsitest.Events("enterprise/"+tn.cust.ID), `<Subscription><event>Do Not Disturb</event><channelSetId>mine</channelSetId></Subscription>`).
		Want(t, http.StatusForbidden)
	user.Do(http.MethodPost, xsitest.Events("user/"+tn.oneUser), `<Subscription><event>Do Not Disturb</event><channelSetId>mine</channelSetId></Subscription>`).
		Want(t, http.StatusNotFound)

	doNotDisturb(t, user, tn.twoUser)
	ev := ch.Next(`xsi1:type="xsi:DoNotDisturbEvent"`)
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
	first := user.OpenChannel("set", 1, 3600)
	second := user.OpenChannel("set", 2, 3600)
	user.Subscribe("user/"+tn.oneUser, "set", "Do Not Disturb")
	acked := first.Next("DoNotDisturbEvent")
	user.Ack(acked)
	doNotDisturb(t, user, tn.oneUser)
	unacked := first.Next("<xsi:active>true</xsi:active>")
	user.Do(http.MethodDelete, xsitest.Events("channel/"+first.ID), "").Want(t, http.StatusOK)
	first.Next(`<xsi:reason>ExplicitDelete</xsi:reason>`)
	again := second.Next("<xsi:active>true</xsi:active>")
	id := xsitest.Between(unacked, "<xsi:eventID>", "</xsi:eventID>")
	if !strings.Contains(again, "<xsi:eventID>"+id+"</xsi:eventID>") || !strings.Contains(again, "<xsi:channelId>"+second.ID+"</xsi:channelId>") {
		t.Errorf("resent event %s, want event %s on channel %s", again, id, second.ID)
	}
	second.None(500 * time.Millisecond)
	// Another client cannot touch the channel.
	e.as(tn.admin).Do(http.MethodPut, xsitest.Events("channel/"+second.ID+"/heartbeat"), "").Want(t, http.StatusNotFound)
	user.Do(http.MethodPut, xsitest.Events("channel/"+second.ID+"/heartbeat"), "").Want(t, http.StatusOK)
	second.Next(`<ChannelHeartBeat xmlns="http://schema.broadsoft.com/xsi"/>`)
}

func TestChannelsAndSubscriptionsExpire(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	ch := user.OpenChannel("set", 1, 2)
	body := user.Do(http.MethodPost, xsitest.Events("user/"+tn.oneUser), `<Subscription><event>Remote Office</event><expires>1</expires><channelSetId>set</channelSetId></Subscription>`).
		Want(t, http.StatusOK)
	if !strings.Contains(body, "<expires>1</expires>") {
		t.Errorf("subscription answer %s, want expires 1", body)
	}
	ch.Next("RemoteOfficeEvent")
	ch.Next(`xsi1:type="xsi:SubscriptionTerminatedEvent"`)
	ch.Next(`<xsi:Event xmlns:xsi="http://schema.broadsoft.com/xsi" xmlns:xsi1="http://www.w3.org/2001/XMLSchema-instance" xsi1:type="xsi:ChannelTerminatedEvent"><xsi:channelId>` +
		ch.ID + `</xsi:channelId><xsi:reason>Expired</xsi:reason></xsi:Event>`)
}

func TestCallEventsReachTheChannelInOrder(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	mon := e.as(tn.monitor)
	ch := mon.OpenChannel("set", 1, 3600)
	mon.Subscribe("user/"+tn.oneUser, "set", "Advanced Call")
	ch.Next(`<xsi:eventData xsi1:type="xsi:CallSubscriptionEvent"><xsi:calls/><xsi:hookStatus>On-Hook</xsi:hookStatus></xsi:eventData>`)
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
	mon.Ack(ch.Next(want))
	mon.Ack(ch.Next(`xsi1:type="xsi:CallAnsweredEvent"><xsi:call><xsi:callId>callhalf-7</xsi:callId>`))
	released := ch.Next(`xsi1:type="xsi:CallReleasedEvent"`)
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
	ch := mon.OpenChannel("set", 1, 3600)
	mon.Subscribe("user/"+tn.oneUser, "set", "Call Forwarding Always")
	mon.Subscribe("user/"+tn.oneUser, "set", "Voice Messaging")
	ch.Next("CallForwardingAlwaysEvent")
	ch.Next("VoiceMessagingEvent")
	for _, step := range []struct{ code, active string }{{"*21", "true"}, {"#21", "false"}} {
		r, err := e.svc.Route(e.ctx, switchboard.CallRequest{DeviceID: desk.ID, Dialled: step.code})
		e.must(err)
		if r.Feature == nil {
			t.Fatalf("%s was not taken as a feature code: %+v", step.code, r)
		}
		forward := ch.Next(`xsi1:type="xsi:CallForwardingAlwaysEvent"><xsi:info><xsi:active>` + step.active + `</xsi:active>`)
		voicemail := ch.Next(`<xsi:alwaysRedirectToVoiceMail>` + step.active + `</xsi:alwaysRedirectToVoiceMail>`)
		mon.Ack(forward)
		mon.Ack(voicemail)
	}
	got := mon.Do(http.MethodGet, xsitest.Actions(tn.oneUser, "services/CallForwardingAlways"), "").Want(t, http.StatusOK)
	if !strings.Contains(got, "<active>false</active>") {
		t.Errorf("after #21: %s", got)
	}
}

func TestAChangeOnAnotherNodeReachesTheChannel(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	_, other := e.node()
	mon := e.as(tn.monitor)
	ch := mon.OpenChannel("set", 1, 3600)
	mon.Subscribe("enterprise/"+tn.cust.ID, "set", "Do Not Disturb")
	// The user's CTI client talks to the other node.
	user := e.as(tn.oneUser)
	user.Base = other.URL
	doNotDisturb(t, user, tn.oneUser)
	ev := ch.Next(`xsi1:type="xsi:DoNotDisturbEvent"`)
	if !strings.Contains(ev, "<xsi:targetId>acme.one</xsi:targetId>") || !strings.Contains(ev, "<xsi:active>true</xsi:active>") {
		t.Errorf("event from the other node: %s", ev)
	}
}

func TestChannelsAndSubscriptionsAreRenewedAndDeleted(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant("acme", 1)
	user := e.as(tn.oneUser)
	ch := user.OpenChannel("set", 1, 60)
	sub := user.Subscribe("user/"+tn.oneUser, "set", "Do Not Disturb")
	user.Ack(ch.Next("DoNotDisturbEvent"))
	renewed := user.Do(http.MethodPut, xsitest.Events("channel/"+ch.ID), `<Channel xmlns="http://schema.broadsoft.com/xsi"><expires>7200</expires></Channel>`).Want(t, http.StatusOK)
	if !strings.Contains(renewed, "<channelId>"+ch.ID+"</channelId><expires>7200</expires>") {
		t.Errorf("renewed channel: %s", renewed)
	}
	renewed = user.Do(http.MethodPut, xsitest.Events("subscription/"+sub), `<Subscription xmlns="http://schema.broadsoft.com/xsi"><expires>99999999</expires></Subscription>`).Want(t, http.StatusOK)
	if !strings.Contains(renewed, "<subscriptionId>"+sub+"</subscriptionId><expires>86400</expires>") {
		t.Errorf("renewed subscription (capped at a day): %s", renewed)
	}
	e.as(tn.admin).Do(http.MethodDelete, xsitest.Events("subscription/"+sub), "").Want(t, http.StatusNotFound)
	user.Do(http.MethodDelete, xsitest.Events("subscription/"+sub), "").Want(t, http.StatusOK)
	doNotDisturb(t, user, tn.oneUser)
	ch.None(1500 * time.Millisecond)
}
