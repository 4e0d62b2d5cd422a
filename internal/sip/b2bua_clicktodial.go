package sip

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	switchboard "github.com/switchboard-pbx/switchboard"
)

// Click-to-dial is third party call control (RFC 3725): the B2BUA invites
// the workplace's own device without an offer, the device answers with
// one, and only then is the destination called. The destination may ring
// for minutes, and a device that gets no ACK for its 2xx within 64×T1
// (32 s) hangs up. So the device is acknowledged at once with a held
// answer (no media flows), the destination is invited without an offer,
// and when it answers with its offer the device is re-INVITEd with that
// offer and its answer goes to the destination in the ACK: media end to
// end. Inviting the destination with the device's offer instead would
// bring back the destination's answer to an offer the device already had
// answered (held): the device could only get it as a new offer made from
// an answer, which offer/answer does not allow (RFC 3264 §8). The price is
// early media: a destination invited without an offer sends none (no
// carrier's ringback), and the held device hears silence until the answer;
// and a destination must take an INVITE without an offer, which RFC 3261
// §13.2.1 lets every UAC send.

// ownDeviceAnswered goes on with a click-to-dial call once the
// workplace's device answered with its offer: the destination rings, the
// device is held until it answers. The caller holds c.mu.
func (c *call) ownDeviceAnswered(l *leg, res *sip.Response) {
	c.a = l
	for _, f := range c.forks {
		if f != l {
			c.cancelFork(f)
		}
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	v := c.views[l.workplaceID]
	if v != nil {
		v.DeviceID = l.deviceID
	}
	origin := newOrigin(c.s.contactURI(l.transport).Host)
	held, ok := heldAnswer(l.sdp, origin)
	if !ok {
		l.ackWait = res
		c.fail(reply{code: 488, reason: "Not Acceptable Here"}, switchboard.ReleaseFailed)
		return
	}
	if c.ring(context.Background(), c.route.Targets, nil) == 0 {
		l.ackWait = res
		c.fail(reply{code: 480, reason: "Temporarily Unavailable"}, switchboard.ReleaseFailed)
		return
	}
	// Sent before the lock is let go, so that no BYE of a destination
	// that fails at once overtakes it.
	l.origin = origin
	l.ack = l.ackOf(res, held)
	if err := c.s.writeDirect(context.Background(), l.ack); err != nil {
		c.s.log.Debug("SIP ACK not sent", "dest", l.dest, "error", err)
	}
	c.emit(switchboard.EventCallOriginated, v)
	wait := c.route.NoAnswerAfter
	if wait <= 0 {
		wait = c.s.opt.NoAnswerTimeout
	}
	c.timer = time.AfterFunc(wait, c.noAnswer)
}

// connectOwnDevice joins the held device (own) to the destination that
// answered with its offer (dest): the device is re-INVITEd with the offer,
// under the origin of its held answer with the version raised, and its
// answer goes to the destination in the ACK the destination waits for. A
// device that does not take the offer in time ends the call for both.
func (c *call) connectOwnDevice(own, dest *leg) {
	c.mu.Lock()
	offer, ended := dest.sdp, c.ended
	c.mu.Unlock()
	if ended {
		return
	}
	if len(offer) == 0 {
		c.hangUp(nil, switchboard.ReleaseFailed)
		return
	}
	// The destination resends its 2xx for 64×T1 at most: the device must
	// answer well within that.
	ctx, cancel := context.WithTimeout(context.Background(), timerF/2)
	defer cancel()
	res := c.offerToDevice(ctx, own, offer)
	if !res.IsSuccess() || len(res.Body()) == 0 {
		if res.IsSuccess() {
			c.s.sendAck(own, res, nil)
		}
		c.s.log.Debug("SIP click-to-dial device refused the destination's session", "code", res.StatusCode)
		c.hangUp(nil, switchboard.ReleaseFailed)
		return
	}
	// The destination's ACK goes first: once the device has its ACK the
	// call may be hung up at once, and the destination must have had the
	// answer by then, not an ACK without one.
	c.mu.Lock()
	own.sdp = res.Body()
	ack := dest.ackWait
	dest.ackWait = nil
	c.mu.Unlock()
	c.s.sendAck(dest, ack, res.Body())
	c.s.sendAck(own, res, nil)
}

// unwantedAnswer is the answer for the ACK of a 2xx on leg l whose
// session is not wanted. In click-to-dial every leg is invited without an
// offer, so a 2xx with a session description made one, and the ACK must
// carry an answer even when a BYE follows at once (RFC 3261 §13.2.2.4):
// the held answer the device gets (no media). nil when the 2xx made no
// offer. The caller holds c.mu.
func (c *call) unwantedAnswer(l *leg) []byte {
	if !c.clickToDial || len(l.sdp) == 0 {
		return nil
	}
	body, ok := heldAnswer(l.sdp, newOrigin(c.s.contactURI(l.transport).Host))
	if !ok {
		return nil
	}
	return body
}

// offerToDevice re-INVITEs the device with offer and returns its final
// answer. A device that has not yet got the ACK of its 2xx (it was lost)
// answers 500 with Retry-After, one sending a re-INVITE of its own 491
// (RFC 3261 §14.1-2): the same offer goes again after the wait those
// give, until ctx ends.
func (c *call) offerToDevice(ctx context.Context, own *leg, offer []byte) *sip.Response {
	req := own.request(sip.INVITE, offer, "")
	for {
		res := c.s.transactLeg(ctx, own, req)
		wait, again := retryWait(res)
		if !again {
			return res
		}
		select {
		case <-ctx.Done():
			return res
		case <-time.After(wait):
		}
		req.CSeq().SeqNo = own.nextCSeq()
	}
}

// retryWait says whether a refused re-INVITE may go again, and when: a
// 491 to the dialog's Call-ID owner after 2.1 to 4 s, a 500 after its
// Retry-After (at most 10 s, as RFC 3261 §14.2 lets a UAS ask).
func retryWait(res *sip.Response) (time.Duration, bool) {
	switch res.StatusCode {
	case 491:
		return 2100*time.Millisecond + rand.N(1900*time.Millisecond), true
	case 500:
		h := res.GetHeader("Retry-After")
		if h == nil {
			return 0, false
		}
		v, _, _ := strings.Cut(strings.TrimSpace(h.Value()), " ")
		v, _, _ = strings.Cut(v, ";")
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, false
		}
		return time.Duration(min(n, 10)) * time.Second, true
	}
	return 0, false
}
