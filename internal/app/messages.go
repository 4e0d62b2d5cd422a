package app

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// notifyState holds what the use cases share with the order worker (its
// wake-up), the environment of the messages they write, and the
// password-reset limits.
type notifyState struct {
	env    messages.Env
	orders chan struct{}
	resets *resetLimiter
}

func newNotifyState(env messages.Env) *notifyState {
	return &notifyState{env: env, orders: make(chan struct{}, 1), resets: newResetLimiter()}
}

// outboxWritten tells the dispatchers that messages were committed, with a
// notice on the bus; without one, messages wait for a dispatcher's next
// poll.
func (s *Service) outboxWritten(ctx context.Context) {
	s.changed(ctx, switchboard.TopicOutbox, switchboard.All)
}

// ordersWritten tells the order worker that an order was committed.
func (s *Service) ordersWritten() {
	select {
	case s.notify.orders <- struct{}{}:
	default:
	}
}

// queue writes messages to the outbox in tx, the transaction of the change
// they tell about.
func queue(tx switchboard.Tx, ms ...*switchboard.Message) error {
	for _, m := range ms {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("message %s to the outbox: %w", m.Kind, err)
		}
		if err := tx.CreateMessage(m); err != nil {
			return fmt.Errorf("write %s message to the outbox: %w", m.Kind, err)
		}
	}
	return nil
}

// forMessages returns w as the messages about it should see it: with the
// language of its site when the workplace has none of its own. Nil stays
// nil.
func forMessages(tx switchboard.Tx, w *switchboard.Workplace) (*switchboard.Workplace, error) {
	if w == nil || w.Language != "" || w.SiteID == "" {
		return w, nil
	}
	site, err := tx.Site(w.SiteID)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return w, nil
	}
	if err != nil {
		return nil, fmt.Errorf("site of workplace: %w", err)
	}
	c := *w
	c.Language = site.Language
	return &c, nil
}

// MessageFilter narrows a message list read through the API.
type MessageFilter struct {
	State   switchboard.MessageState
	Channel switchboard.Channel
	// Customer limits the operator's list to one customer.
	Customer string
}

// CustomerMessages lists a customer's outbox messages for its
// administrators and the operator. Only the operator sees the bodies: they
// may carry initial or reset passwords meant for the user alone.
func (s *Service) CustomerMessages(ctx context.Context, p switchboard.Principal, customerID string, f MessageFilter, page switchboard.Page) ([]*switchboard.Message, string, error) {
	var out []*switchboard.Message
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Messages(switchboard.MessageFilter{CustomerID: customerID, State: f.State, Channel: f.Channel}, page)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return redactMessages(p, out), next, nil
}

// Messages lists the outbox of every customer for the operator, for example
// the messages that failed after their last attempt (state failed).
func (s *Service) Messages(ctx context.Context, p switchboard.Principal, f MessageFilter, page switchboard.Page) ([]*switchboard.Message, string, error) {
	if err := mayOperate(p); err != nil {
		return nil, "", err
	}
	var out []*switchboard.Message
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		out, next, err = tx.Messages(switchboard.MessageFilter{CustomerID: f.Customer, State: f.State, Channel: f.Channel}, page)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return redactMessages(p, out), next, nil
}

// redactMessages removes the bodies for everyone but the operator.
func redactMessages(p switchboard.Principal, ms []*switchboard.Message) []*switchboard.Message {
	if p.Role != switchboard.RoleOperator {
		for _, m := range ms {
			m.Text, m.HTML = "", ""
		}
	}
	return orEmpty(ms)
}
