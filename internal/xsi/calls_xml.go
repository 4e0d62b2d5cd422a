package xsi

import (
	"strconv"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// millis is an Xsi timestamp: milliseconds since the Unix epoch.
func millis(t time.Time) string {
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// optionalTime is a timestamp element, or nil for the zero time.
func optionalTime(name string, t time.Time) *element {
	if t.IsZero() {
		return nil
	}
	return leaf(name, millis(t))
}

// internalReleaseCause names why a call ended, for the calls that did not
// end normally, in Xsi's words.
var internalReleaseCause = map[string]string{
	switchboard.ReleaseBusy:      "Busy",
	switchboard.ReleaseNoAnswer:  "Temporarily Unavailable",
	switchboard.ReleaseRejected:  "Global Failure",
	switchboard.ReleaseForbidden: "Forbidden",
	switchboard.ReleaseFailed:    "Request Failure",
}

// remoteParty describes the other party: a tel URI, Group for an
// extension of the customer, Network for a number outside.
func remoteParty(c *switchboard.Call) *element {
	callType := "Group"
	if strings.HasPrefix(c.RemoteAddress, "+") {
		callType = "Network"
	}
	return el("remoteParty", optional("name", c.RemoteName), optional("address", telURI(c.RemoteAddress))).
		add(leaf("callType", callType))
}

// telURI writes an address as Xsi does: tel:+4930… or tel:201.
func telURI(address string) string {
	if address == "" || strings.Contains(address, ":") {
		return address
	}
	return "tel:" + address
}

// callElement is the call in the schema's order of elements.
func callElement(name string, c *switchboard.Call) *element {
	e := el(name, leaf("callId", c.ID), leaf("extTrackingId", c.ExternalTrackingID),
		leaf("personality", c.Personality), leaf("state", string(c.State)))
	if cause, ok := internalReleaseCause[c.ReleaseCause]; ok {
		e.add(el("releaseCause", leaf("internalReleaseCause", cause)))
	}
	return e.add(remoteParty(c), leaf("startTime", millis(c.StartedAt)), optionalTime("answerTime", c.AnsweredAt),
		optionalTime("releaseTime", c.ReleasedAt))
}

// callsDocument lists calls with the URI of each.
func callsDocument(base string, calls []switchboard.Call) []byte {
	e := el("Calls")
	for _, c := range calls {
		e.add(el("call", leaf("callId", c.ID), leaf("uri", base+"/calls/"+c.ID)))
	}
	return document(e)
}

// callStartInfo answers a call placed by the client.
func callStartInfo(c switchboard.Call) []byte {
	return document(el("CallStartInfo", leaf("callId", c.ID), leaf("externalTrackingId", c.ExternalTrackingID)))
}
