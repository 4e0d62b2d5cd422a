package xsi

import (
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Event packages of subscriptions. The call packages all carry the call
// events: Switchboard reports the same call events to each.
var callPackages = map[string]bool{"Advanced Call": true, "Basic Call": true, "Standard Call": true}

// packageKnown says whether pkg is an event package the interface serves.
func packageKnown(pkg string) bool {
	if callPackages[pkg] {
		return true
	}
	for _, s := range services {
		if s.pkg == pkg {
			return true
		}
	}
	return false
}

// eventData returns what a subscription to pkg reports of e, nil when
// nothing: a call event to the call packages, a change of settings to
// each service package whose document it changed (prev are the settings
// before, nil when unknown).
func eventData(pkg string, e *switchboard.CallEvent, prev *switchboard.CallSettings) *element {
	if e.Call != nil && callPackages[pkg] {
		return el("eventData", callElement("call", e.Call)).attr("xsi1:type", "xsi:"+e.Kind+"Event")
	}
	if e.Settings == nil {
		return nil
	}
	for _, s := range services {
		if s.pkg == pkg && s.changed(prev, e.Settings) {
			return s.event(e.Settings)
		}
	}
	return nil
}

// callSubscriptionData is the first event of a call subscription of one
// user: the user's calls and whether the phone is off hook.
func callSubscriptionData(calls []switchboard.Call) *element {
	hook := "On-Hook"
	list := el("calls")
	for i := range calls {
		list.add(callElement("call", &calls[i]))
		if calls[i].State != switchboard.CallReleased {
			hook = "Off-Hook"
		}
	}
	return el("eventData", list, leaf("hookStatus", hook)).attr("xsi1:type", "xsi:CallSubscriptionEvent")
}

// subscriptionTerminatedData ends an expired subscription.
func subscriptionTerminatedData() *element {
	return el("eventData").attr("xsi1:type", "xsi:SubscriptionTerminatedEvent")
}

// envelope is what one event carries besides its data, in the order of
// SubscriptionEvent.
type envelope struct {
	eventID        string
	sequenceNumber int
	userID         string
	applicationID  string
	subscriptionID string
	channelID      string
	targetID       string
}

// subscriptionEvent is a whole event on a channel.
func subscriptionEvent(v envelope, data *element) []byte {
	return eventDocument(el("Event",
		leaf("eventID", v.eventID), leaf("sequenceNumber", strconv.Itoa(v.sequenceNumber)), leaf("userId", v.userID),
		leaf("externalApplicationId", v.applicationID), leaf("subscriptionId", v.subscriptionID),
		leaf("channelId", v.channelID), leaf("targetId", v.targetID), data).attr("xsi1:type", "xsi:SubscriptionEvent"))
}

// channelTerminated tells the client its channel ends and why (one of
// Xsi's reasons: Expired, ExplicitDelete, NonResponsiveChannel).
func channelTerminated(channelID, reason string) []byte {
	return eventDocument(el("Event", leaf("channelId", channelID), leaf("reason", reason)).
		attr("xsi1:type", "xsi:ChannelTerminatedEvent"))
}

// heartBeat keeps a channel alive when the client asks for it.
func heartBeat() []byte {
	return document(el("ChannelHeartBeat"))
}

// channelDocument opens a channel's stream and answers its updates.
func channelDocument(id string, expires int) []byte {
	return document(el("Channel", leaf("channelId", id), leaf("expires", strconv.Itoa(expires))))
}

// subscriptionDocument answers a new or renewed subscription.
func subscriptionDocument(id string, expires int) []byte {
	return document(el("Subscription", leaf("subscriptionId", id), leaf("expires", strconv.Itoa(expires))))
}
