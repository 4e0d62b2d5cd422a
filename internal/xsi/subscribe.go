package xsi

import (
	"net/http"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// subscribe subscribes a channel set to an event package of one user
// (target user/<userId>) or of every user of a customer (target
// group/<customer id>, also reached as enterprise/… and
// serviceprovider/…/group/…); without a target in the path, the body's
// targetIdType and targetId name it. A user subscription starts with an
// event of the user's current state, as BroadWorks does.
func (h *Handler) subscribe(c *call, target []string) error {
	var b subscriptionBody
	if err := c.read(&b, "Subscription"); err != nil {
		return err
	}
	if target == nil {
		switch b.TargetIDType {
		case "User":
			target = []string{"user", b.TargetID}
		case "Group", "Enterprise", "ServiceProvider":
			target = []string{"group", b.TargetID}
		default:
			return switchboard.FieldErrorf("targetIdType", "targetIdType must be User, Group or Enterprise")
		}
	}
	switch {
	case b.HTTPContact != "":
		return switchboard.FieldErrorf("httpContact", "events are delivered on event channels only; give a channelSetId")
	case !packageKnown(b.Event):
		return switchboard.FieldErrorf("event", "event package %q is not supported", b.Event)
	}
	sub := &subscription{id: newID(), pkg: b.Event, targetID: target[1], appID: b.AppID,
		expires: h.hub.now().Add(time.Duration(lifetime(b.Expires)) * time.Second)}
	first, err := h.target(c, sub, target[0])
	if err != nil {
		return err
	}
	if err := h.hub.reader.watch(c.r.Context(), sub.customerID); err != nil {
		return err
	}
	h.hub.mu.Lock()
	set := h.hub.sets[c.p.TokenID+" "+b.ChannelSetID]
	if set == nil {
		h.hub.mu.Unlock()
		return switchboard.Errorf(switchboard.ENOTFOUND, "channel set %q has no open channel", b.ChannelSetID)
	}
	h.hub.add(set, sub)
	h.hub.mu.Unlock()
	writeXML(c.w, http.StatusOK, subscriptionDocument(sub.id, lifetime(b.Expires)))
	if first != nil {
		h.hub.mu.Lock()
		h.hub.publish(sub, sub.targetID, first)
		h.hub.mu.Unlock()
	}
	return nil
}

// target checks that the client may watch the subscription's target and
// fills in whose events it gets; for a user it returns the first event.
func (h *Handler) target(c *call, sub *subscription, kind string) (*element, error) {
	ctx := c.r.Context()
	if kind != "user" {
		cust, err := h.svc.CTIMonitorCustomer(ctx, c.p, sub.targetID)
		if err != nil {
			return nil, err
		}
		sub.customerID = cust.ID
		return nil, nil
	}
	u, err := h.svc.CTIUser(ctx, c.p, sub.targetID)
	if err != nil {
		return nil, err
	}
	sub.customerID, sub.workplaceID = u.Customer.ID, u.Workplace.ID
	if callPackages[sub.pkg] {
		calls, err := h.svc.CTICalls(ctx, c.p, u.Workplace.ID)
		if err != nil {
			return nil, err
		}
		return callSubscriptionData(calls), nil
	}
	settings, err := h.svc.CallSettings(ctx, c.p, u.Workplace.ID)
	if err != nil {
		return nil, err
	}
	h.hub.reader.remember(u.Workplace.ID, settings)
	for _, s := range services {
		if s.pkg == sub.pkg {
			return s.event(settings), nil
		}
	}
	return nil, nil
}

// updateSubscription renews (PUT, with a Subscription document giving
// expires) or ends (DELETE) one of the client's subscriptions.
func (h *Handler) updateSubscription(c *call, id string) error {
	var b subscriptionBody
	if c.r.Method == http.MethodPut {
		if err := c.read(&b, "Subscription"); err != nil {
			return err
		}
	}
	h.hub.mu.Lock()
	defer h.hub.mu.Unlock()
	sub := h.hub.subs[id]
	if sub == nil || sub.set.principal.TokenID != c.p.TokenID {
		return switchboard.Errorf(switchboard.ENOTFOUND, "subscription %q not found", id)
	}
	if c.r.Method == http.MethodDelete {
		delete(sub.set.subs, id)
		delete(h.hub.subs, id)
		c.w.WriteHeader(http.StatusOK)
		return nil
	}
	expires := lifetime(b.Expires)
	sub.expires = h.hub.now().Add(time.Duration(expires) * time.Second)
	writeXML(c.w, http.StatusOK, subscriptionDocument(sub.id, expires))
	return nil
}
