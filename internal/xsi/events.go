package xsi

import (
	"encoding/xml"
	"net/http"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// channelBody is the Channel document a client opens or updates a
// channel with.
type channelBody struct {
	XMLName      xml.Name `xml:"Channel"`
	ChannelSetID string   `xml:"channelSetId"`
	Priority     int      `xml:"priority"`
	Weight       int      `xml:"weight"`
	Expires      int      `xml:"expires"`
}

// subscriptionBody is the Subscription document a client subscribes
// with; targetIdType and targetId are set when it posts to
// /subscription instead of the target's own path.
type subscriptionBody struct {
	XMLName      xml.Name `xml:"Subscription"`
	TargetIDType string   `xml:"targetIdType"`
	TargetID     string   `xml:"targetId"`
	Event        string   `xml:"event"`
	Expires      int      `xml:"expires"`
	HTTPContact  string   `xml:"httpContact>uri"`
	ChannelSetID string   `xml:"channelSetId"`
	AppID        string   `xml:"applicationId"`
}

// eventResponseBody acknowledges an event.
type eventResponseBody struct {
	XMLName    xml.Name `xml:"EventResponse"`
	EventID    string   `xml:"eventID"`
	StatusCode int      `xml:"statusCode"`
}

// parse reads an XML request body into v.
func parse(data []byte, v any, what string) error {
	if err := xml.Unmarshal(data, v); err != nil {
		return switchboard.Errorf(switchboard.EINVALID, "the body is not a %s document: %v", what, err)
	}
	return nil
}

// read reads the request's body, a what document, into v.
func (c *call) read(v any, what string) error {
	data, err := c.body()
	if err != nil {
		return err
	}
	return parse(data, v, what)
}

// maxID caps the length of client-chosen identifiers.
const maxID = 200

// events serves Xsi-Events: channels, subscriptions and event responses.
func (h *Handler) events(c *call, seg []string) error {
	m := c.r.Method
	switch {
	case len(seg) == 1 && seg[0] == "channel" && m == http.MethodPost:
		return h.openChannel(c)
	case len(seg) == 2 && seg[0] == "channel" && seg[1] == "eventresponse" && m == http.MethodPost:
		return h.eventResponse(c)
	case len(seg) == 2 && seg[0] == "channel" && (m == http.MethodPut || m == http.MethodDelete):
		return h.updateChannel(c, seg[1])
	case len(seg) == 3 && seg[0] == "channel" && seg[2] == "heartbeat" && m == http.MethodPut:
		return h.heartbeat(c, seg[1])
	case len(seg) == 1 && seg[0] == "subscription" && m == http.MethodPost:
		return h.subscribe(c, nil)
	case len(seg) == 2 && seg[0] == "subscription" && (m == http.MethodPut || m == http.MethodDelete):
		return h.updateSubscription(c, seg[1])
	case len(seg) == 2 && m == http.MethodPost && (seg[0] == "user" || seg[0] == "enterprise" || seg[0] == "group"):
		return h.subscribe(c, seg)
	case len(seg) == 4 && m == http.MethodPost && seg[0] == "serviceprovider" && seg[2] == "group":
		return h.subscribe(c, []string{"group", seg[3]})
	}
	return errNoResource
}

// openChannel opens an event channel: a response that stays open and
// carries the Channel document, then the set's events, heartbeats and at
// last a ChannelTerminatedEvent.
func (h *Handler) openChannel(c *call) error {
	var b channelBody
	if err := c.read(&b, "Channel"); err != nil {
		return err
	}
	if b.ChannelSetID == "" || len(b.ChannelSetID) > maxID {
		return switchboard.FieldErrorf("channelSetId", "give the channel set's id (at most %d characters)", maxID)
	}
	flusher, ok := c.w.(http.Flusher)
	if !ok {
		return switchboard.Errorf(switchboard.EINTERNAL, "the connection cannot stream")
	}
	expires := lifetime(b.Expires)
	ch, err := h.hub.open(c.p, c.login, b.ChannelSetID, b.Priority, b.Weight, expires)
	if err != nil {
		return err
	}
	defer func() {
		h.hub.mu.Lock()
		h.hub.end(ch, "")
		h.hub.mu.Unlock()
	}()
	c.w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	c.w.WriteHeader(http.StatusOK)
	if !write(c.w, flusher, channelDocument(ch.id, expires)) {
		return nil
	}
	for {
		select {
		case body := <-ch.out:
			if !write(c.w, flusher, body) {
				return nil
			}
		case <-ch.quit:
			for {
				select {
				case body := <-ch.out:
					if !write(c.w, flusher, body) {
						return nil
					}
				default:
					return nil
				}
			}
		case <-c.r.Context().Done():
			return nil
		}
	}
}

// write sends one document down a channel as its own chunk.
func write(w http.ResponseWriter, f http.Flusher, body []byte) bool {
	if _, err := w.Write(body); err != nil {
		return false
	}
	f.Flush()
	return true
}

// heartbeat answers PUT channel/<id>/heartbeat and writes a
// ChannelHeartBeat down the channel, which shows the client its stream
// is alive.
func (h *Handler) heartbeat(c *call, id string) error {
	h.hub.mu.Lock()
	defer h.hub.mu.Unlock()
	ch := h.hub.channelOf(c.p, id)
	if ch == nil {
		return switchboard.Errorf(switchboard.ENOTFOUND, "channel %q not found", id)
	}
	select {
	case ch.out <- heartBeat():
	default:
	}
	c.w.WriteHeader(http.StatusOK)
	return nil
}

// updateChannel renews (PUT, with a Channel document) or ends (DELETE) a
// channel.
func (h *Handler) updateChannel(c *call, id string) error {
	var b channelBody
	if c.r.Method == http.MethodPut {
		if err := c.read(&b, "Channel"); err != nil {
			return err
		}
	}
	h.hub.mu.Lock()
	defer h.hub.mu.Unlock()
	ch := h.hub.channelOf(c.p, id)
	if ch == nil {
		return switchboard.Errorf(switchboard.ENOTFOUND, "channel %q not found", id)
	}
	if c.r.Method == http.MethodDelete {
		h.hub.end(ch, "ExplicitDelete")
		c.w.WriteHeader(http.StatusOK)
		return nil
	}
	expires := lifetime(b.Expires)
	ch.expires = h.hub.now().Add(time.Duration(expires) * time.Second)
	writeXML(c.w, http.StatusOK, channelDocument(ch.id, expires))
	return nil
}

// eventResponse acknowledges an event: it is no longer sent again.
func (h *Handler) eventResponse(c *call) error {
	var b eventResponseBody
	if err := c.read(&b, "EventResponse"); err != nil {
		return err
	}
	if !h.hub.ack(c.p, b.EventID) {
		return switchboard.Errorf(switchboard.ENOTFOUND, "event %q not found", b.EventID)
	}
	c.w.WriteHeader(http.StatusOK)
	return nil
}
