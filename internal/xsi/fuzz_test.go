package xsi

import (
	"encoding/xml"
	"testing"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// wellFormed fails t unless doc is one well-formed XML document.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	var v struct{}
	if err := xml.Unmarshal(doc, &v); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, doc)
	}
}

// FuzzServiceBodies feeds every service's PUT parser outside input: it
// refuses or maps it, never panics, and what it maps renders as XML.
func FuzzServiceBodies(f *testing.F) {
	for _, seed := range []string{
		`<CallForwardingAlways xmlns="http://schema.broadsoft.com/xsi"><active>true</active><forwardToPhoneNumber>*86</forwardToPhoneNumber></CallForwardingAlways>`,
		`<VoiceMessaging><active>false</active><alwaysRedirectToVoiceMail>true</alwaysRedirectToVoiceMail></VoiceMessaging>`,
		`<SimultaneousRingPersonal><active>true</active><simRingLocations><simRingLocation><address>+49</address></simRingLocation></simRingLocations></SimultaneousRingPersonal>`,
		`<RemoteOffice><remoteOfficeNumber>&lt;x&gt;</remoteOfficeNumber></RemoteOffice>`,
		`<DoNotDisturb><active>maybe</active></DoNotDisturb>`,
		`<!DOCTYPE x [<!ENTITY a "b">]><DoNotDisturb/>`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, s := range services {
			b, err := parseServiceBody(s.name, []byte(body))
			if err != nil {
				if switchboard.ErrorCode(err) != switchboard.EINVALID {
					t.Fatalf("%s: error %v is not EINVALID", s.name, err)
				}
				continue
			}
			cur := &switchboard.CallSettings{ForwardAlways: true}
			p, err := s.patch(b, cur)
			if err != nil {
				continue
			}
			if p.ForwardTo != nil {
				cur.ForwardTo = *p.ForwardTo
			}
			if p.RemoteOfficeNumber != nil {
				cur.RemoteOfficeNumber = *p.RemoteOfficeNumber
			}
			if p.ParallelRingingNumbers != nil {
				cur.ParallelRingingNumbers = *p.ParallelRingingNumbers
			}
			wellFormed(t, document(s.render(cur)))
			wellFormed(t, eventDocument(el("Event", s.event(cur))))
		}
	})
}

// FuzzEventBodies feeds the Channel, Subscription and EventResponse
// parsers outside input: they refuse or read it, never panic.
func FuzzEventBodies(f *testing.F) {
	for _, seed := range []string{
		`<?xml version="1.0" encoding="UTF-8"?><Channel xmlns="http://schema.broadsoft.com/xsi"><channelSetId>a</channelSetId><priority>1</priority><weight>50</weight><expires>3600</expires></Channel>`,
		`<Subscription xmlns="http://schema.broadsoft.com/xsi"><targetIdType>User</targetIdType><targetId>u</targetId><event>Advanced Call</event><expires>99999999999</expires><channelSetId>a</channelSetId></Subscription>`,
		`<EventResponse><eventID>x</eventID><statusCode>200</statusCode><reason>OK</reason></EventResponse>`,
		`<Channel><expires>-5</expires></Channel>`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var c channelBody
		if parse([]byte(body), &c, "Channel") == nil {
			if n := lifetime(c.Expires); n < 1 || n > maxExpires {
				t.Fatalf("lifetime(%d) = %d", c.Expires, n)
			}
			wellFormed(t, channelDocument(c.ChannelSetID, lifetime(c.Expires)))
		}
		var s subscriptionBody
		if parse([]byte(body), &s, "Subscription") == nil {
			_ = packageKnown(s.Event)
			wellFormed(t, subscriptionDocument(s.TargetID, lifetime(s.Expires)))
		}
		var r eventResponseBody
		_ = parse([]byte(body), &r, "EventResponse")
	})
}
