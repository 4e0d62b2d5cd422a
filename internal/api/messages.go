package api

import (
	"context"
	"net/http"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// MessageQuery is the query of the message lists; exported because huma
// finds parameters in embedded structs by reflection.
type MessageQuery struct {
	State   string `query:"state" enum:"pending,sent,failed" doc:"Only messages in this delivery state; failed means every attempt was used up."`
	Channel string `query:"channel" enum:"email,sms,redirect" doc:"Only messages of this channel; redirect holds the calls to redirect services."`
}

func (f MessageQuery) filter() app.MessageFilter {
	return app.MessageFilter{State: switchboard.MessageState(f.State), Channel: switchboard.Channel(f.Channel)}
}

// bodiesNote explains who sees message bodies, in the OpenAPI description.
const bodiesNote = " Bodies (text, html) may carry an initial or reset password meant for the user alone: " +
	"only the operator receives them; everyone else gets the messages without text and html."

// messageRoutes serves the outbox: what was and will be sent by e-mail and
// SMS, so a trial without --smtp can read it and operators see failures.
func (s *server) messageRoutes() {
	op := s.op("list-customer-messages", http.MethodGet, "/customers/{id}/messages", "List a customer's e-mails and SMS", "messages", 0)
	op.Description = "The outbox of one customer, oldest first, with delivery state, attempts and last error. " +
		"Administrators of the customer and the operator." + bodiesNote
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *struct {
		IDPath
		PageInput
		MessageQuery
	}) (*listOutput[*switchboard.Message], error) {
		ms, next, err := s.svc.CustomerMessages(ctx, p, in.ID, in.filter(), in.page())
		return list(ms, next), err
	})
	op = s.op("list-messages", http.MethodGet, "/messages", "List all e-mails and SMS (operator)", "messages", 0)
	op.Description = "The outbox of every customer, oldest first; state=failed shows the messages that failed after " +
		"their last attempt. Operator only." + bodiesNote
	handle(s, op, func(ctx context.Context, p switchboard.Principal, in *struct {
		PageInput
		MessageQuery
		Customer string `query:"customer" maxLength:"100" doc:"Only this customer's messages."`
	}) (*listOutput[*switchboard.Message], error) {
		f := in.filter()
		f.Customer = in.Customer
		ms, next, err := s.svc.Messages(ctx, p, f, in.page())
		return list(ms, next), err
	})
}
