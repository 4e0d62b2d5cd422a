package portal

import (
	"net/http"
	"slices"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// outboxRoutes are the outbox (e-mails, SMS and redirect calls with their
// delivery state) and the resend of a failed message.
func (h *handler) outboxRoutes(mux *http.ServeMux) {
	mux.Handle("GET /outbox", h.private(h.outboxPage))
	mux.Handle("GET /customers/{id}/outbox", h.private(h.outboxPage))
	mux.Handle("POST /messages/{id}/resend", h.private(h.resendMessage))
}

// outboxChoices are the filter's states and channels, "" for all.
var outboxChoices = map[string][]string{
	"state":   {"", string(switchboard.MessagePending), string(switchboard.MessageSent), string(switchboard.MessageFailed)},
	"channel": {"", string(switchboard.ChannelEmail), string(switchboard.ChannelSMS), string(switchboard.ChannelRedirect)},
}

// outboxPage lists messages through the API's use cases: one customer's
// for its administrators and the operator, every customer's for the
// operator; bodies only reach the operator.
func (h *handler) outboxPage(rq *request) error {
	c, err := rq.owner()
	if err != nil {
		return err
	}
	q := rq.filterQuery("state", "channel")
	if !slices.Contains(outboxChoices["state"], q["state"]) || !slices.Contains(outboxChoices["channel"], q["channel"]) {
		return switchboard.FieldErrorf("state", "no such state or channel")
	}
	f := app.MessageFilter{State: switchboard.MessageState(q["state"]), Channel: switchboard.Channel(q["channel"])}
	ctx, p := rq.r.Context(), rq.principal()
	var ms []*switchboard.Message
	var next string
	switch {
	case c != nil:
		ms, next, err = h.svc.CustomerMessages(ctx, p, c.ID, f, rq.page())
	case p.Role == switchboard.RoleAdmin:
		http.Redirect(rq.w, rq.r, "/customers/"+p.CustomerID+"/outbox", http.StatusSeeOther)
		return nil
	default:
		ms, next, err = h.svc.Messages(ctx, p, f, rq.page())
	}
	if err != nil {
		return err
	}
	return rq.show("outbox", "outbox.title", filtered[*switchboard.Message]{Items: ms, Owner: c, Query: q,
		Choices: outboxChoices, Next: nextQuery(q, next)})
}

// resendMessage sends a failed message again and goes back to the
// outbox it was listed in.
func (h *handler) resendMessage(rq *request) error {
	m, err := h.svc.ResendMessage(rq.r.Context(), rq.principal(), rq.r.PathValue("id"))
	if err != nil {
		return err
	}
	to := "/outbox"
	if m.CustomerID != "" {
		to = "/customers/" + m.CustomerID + "/outbox"
	}
	http.Redirect(rq.w, rq.r, to+"?notice=resent", http.StatusSeeOther)
	return nil
}
