package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// Order kinds (seed 001 "Auftrag").
const (
	OrderCreateWorkplace = "create_workplace"
	OrderChangeWorkplace = "change_workplace"
	OrderChangePackage   = "change_package"
	OrderDeleteWorkplace = "delete_workplace"
)

// Order worker settings.
const (
	// orderLease is how long a claimed order is left to its worker before
	// another worker (on any node) takes it again, the last resort when
	// the claimant's heartbeat does not tell sooner that it is gone (an
	// anonymous claim, or a live node whose worker is stuck).
	orderLease = 2 * time.Minute
	// orderBatch bounds the orders one round of ProcessOrders claims.
	orderBatch = 20
	// DefaultOrderPoll is how often the worker looks for orders when no
	// use case told it about a new one.
	DefaultOrderPoll = 5 * time.Second
)

// Orders lists a customer's orders with their state, for its
// administrators and the operator.
func (s *Service) Orders(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*switchboard.Order, string, error) {
	var out []*switchboard.Order
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if _, err := s.customerFor(tx, p, customerID); err != nil {
			return err
		}
		var err error
		out, next, err = tx.Orders(customerID, page)
		return err
	})
	for _, o := range out {
		o.Items = orEmpty(o.Items)
	}
	return orEmpty(out), next, err
}

// Order returns one order to the administrators of its customer and the
// operator.
func (s *Service) Order(ctx context.Context, p switchboard.Principal, id string) (*switchboard.Order, error) {
	var o *switchboard.Order
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		if o, err = tx.Order(id); err != nil {
			return asNotFound(err, "order", id)
		}
		return mayAdminister(p, o.CustomerID, "order", id)
	})
	if err != nil {
		return nil, err
	}
	o.Items = orEmpty(o.Items)
	return o, nil
}

// newOrder writes an open order about workplace w in tx; the order worker
// carries it out after the commit.
func newOrder(tx switchboard.Tx, kind string, w *switchboard.Workplace, items []string, now time.Time) (*switchboard.Order, error) {
	o := &switchboard.Order{
		ID: switchboard.NewID("ord", now), CustomerID: w.CustomerID, WorkplaceID: w.ID, Kind: kind,
		Items: orEmpty(items), State: switchboard.OrderOpen, CreatedAt: now, UpdatedAt: now,
	}
	if err := tx.CreateOrder(o); err != nil {
		return nil, fmt.Errorf("create order: %w", err)
	}
	return o, nil
}

// workplaceItems describes what a workplace order books, as "<kind>
// <value>" in English; the order mail (internal/notify/messages) shows
// the kinds in its language.
func workplaceItems(w *switchboard.Workplace) []string {
	items := []string{"workplace " + w.Username, "extension " + w.Extension}
	for _, n := range w.Numbers {
		items = append(items, "number "+n)
	}
	return append(items, "package "+string(w.Package))
}

// ProcessOrders claims one batch of due orders (see claimOrders) and
// carries them out one after the other; RunOrders is the worker that
// carries many out at once. It returns how many it claimed. An order whose
// work fails for a reason the customer must fix ends failed with that
// reason; one that fails because the store is unavailable stays claimed,
// is taken again when its claim lapses, and its error is returned after
// the rest of the batch was done.
func (s *Service) ProcessOrders(ctx context.Context) (int, error) {
	claimed, err := s.claimOrders(ctx, orderBatch)
	if err != nil {
		return 0, err
	}
	wrote := false
	var errs []error
	for _, o := range claimed {
		if ctx.Err() != nil {
			break
		}
		w, err := s.carryOut(ctx, o)
		if err != nil {
			errs = append(errs, fmt.Errorf("order %s: %w", o.ID, err))
		}
		wrote = wrote || w
	}
	if wrote {
		s.outboxWritten(ctx)
	}
	return len(claimed), errors.Join(errs...)
}

// carryOut does a claimed order's work, sets its final state and writes
// its messages in one transaction; it reports whether messages were
// written. A new portal password is hashed before the transaction, which
// then stays short.
func (s *Service) carryOut(ctx context.Context, claimed *switchboard.Order) (bool, error) {
	var cred credentials
	if claimed.Kind == OrderCreateWorkplace {
		var err error
		if cred.password, cred.hash, err = newPortalPassword(); err != nil {
			return false, err
		}
	}
	var o *switchboard.Order
	var outcome error
	err := s.update(ctx, switchboard.System, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if o, err = tx.Order(claimed.ID); err != nil {
			return audit{}, err
		}
		if o.State != switchboard.OrderProcessing {
			return audit{}, errAlreadyDone
		}
		c, err := tx.Customer(o.CustomerID)
		if err != nil {
			return audit{}, fmt.Errorf("customer of order: %w", err)
		}
		var w *switchboard.Workplace
		if o.WorkplaceID != "" {
			if w, err = tx.Workplace(o.WorkplaceID); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
				return audit{}, err
			}
		}
		var msgs []*switchboard.Message
		msgs, outcome = s.orderWork(tx, o, w, cred, now)
		var appErr *switchboard.Error
		if outcome != nil && !errors.As(outcome, &appErr) {
			// The store failed. Returned first, before any other statement
			// in the failed transaction can hide it behind "transaction
			// aborted": a serialization failure is then retried at once,
			// anything else after the lease.
			return audit{}, outcome
		}
		if w, err = forMessages(tx, w); err != nil {
			return audit{}, err
		}
		o.State, o.Error = switchboard.OrderDone, ""
		if outcome != nil {
			o.State, o.Error, msgs = switchboard.OrderFailed, switchboard.ErrorMessage(outcome), nil
		}
		o.UpdatedAt = now
		if err := tx.UpdateOrder(o); err != nil {
			return audit{}, fmt.Errorf("finish order: %w", err)
		}
		if c.AdminEmail != "" {
			m, err := messages.OrderConfirmation(s.notify.env, c, o, w, now)
			if err != nil {
				return audit{}, err
			}
			msgs = append(msgs, m)
		}
		if err := queue(tx, msgs...); err != nil {
			return audit{}, err
		}
		return audit{customer: o.CustomerID, action: "order." + string(o.State), object: o.ID, detail: o.Kind}, nil
	})
	switch {
	case errors.Is(err, errAlreadyDone):
		return false, nil
	case err != nil:
		return false, err
	}
	s.changed(ctx, switchboard.TopicOrderFinished, o.ID)
	if outcome != nil {
		s.log.WarnContext(ctx, "order failed", slog.String("order", o.ID), slog.String("kind", o.Kind), slog.String("reason", o.Error))
	}
	return true, nil
}

// errAlreadyDone ends carryOut's transaction when another worker finished
// the order first.
var errAlreadyDone = errors.New("order already finished")

// orderWork does what an order asks and returns the messages to the user
// that go with it. An *switchboard.Error fails the order with its message.
func (s *Service) orderWork(tx switchboard.Tx, o *switchboard.Order, w *switchboard.Workplace, cred credentials, now time.Time) ([]*switchboard.Message, error) {
	switch o.Kind {
	case OrderCreateWorkplace:
		if cred.hash == "" {
			return nil, errors.New("no portal password prepared for the order")
		}
		return s.activateWorkplace(tx, w, cred, now)
	case OrderChangeWorkplace, OrderChangePackage, OrderDeleteWorkplace:
		// The use case applied the change when it was ordered, so the
		// numbers and accounts it freed or took were never in between;
		// the order records it and confirms it to the administrators.
		if w == nil {
			return nil, switchboard.Errorf(switchboard.ENOTFOUND, "the workplace of this order no longer exists")
		}
		return nil, nil
	}
	return nil, switchboard.Errorf(switchboard.EINVALID, "order kind %q is not known to this version", o.Kind)
}

// credentials are a new portal password and its hash.
type credentials struct{ password, hash string }

// activateWorkplace creates the portal account of an ordered workplace with
// the random initial password in cred, makes the workplace active and
// returns the welcome and initial-password messages.
func (s *Service) activateWorkplace(tx switchboard.Tx, w *switchboard.Workplace, cred credentials, now time.Time) ([]*switchboard.Message, error) {
	if w == nil || w.State == switchboard.WorkplaceDeleted {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "the workplace was deleted before it could be set up")
	}
	if w.State != switchboard.WorkplaceOrdered {
		return nil, switchboard.Errorf(switchboard.ECONFLICT, "the workplace is already %s", w.State)
	}
	w.PortalPasswordHash = cred.hash
	w.State = switchboard.WorkplaceActive
	w.UpdatedAt = now
	if err := tx.UpdateWorkplace(w); err != nil {
		return nil, fmt.Errorf("activate workplace: %w", err)
	}
	mw, err := forMessages(tx, w)
	if err != nil {
		return nil, err
	}
	welcome, err := messages.Welcome(s.notify.env, mw, now)
	if err != nil {
		return nil, err
	}
	initial, err := messages.InitialPassword(s.notify.env, mw, cred.password, now)
	if err != nil {
		return nil, err
	}
	return []*switchboard.Message{welcome, initial}, nil
}
