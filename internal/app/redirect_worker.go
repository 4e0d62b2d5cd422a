package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/redirect"
	"github.com/switchboard-pbx/switchboard/internal/redirect/services"
)

// Defaults of RedirectSenderOptions: about two days of attempts, an hour
// apart at most, before a call is given up.
const (
	DefaultRedirectAttempts  = 48
	DefaultRedirectBaseDelay = 30 * time.Second
	DefaultRedirectMaxDelay  = time.Hour
)

// RedirectSenderOptions configure the sender of redirect calls.
type RedirectSenderOptions struct {
	// HTTP sends the calls; nil means the connectors' default client.
	HTTP *http.Client
	// MaxAttempts bounds the attempts of a call the service keeps failing
	// on its side; the device then shows that Switchboard gave up.
	MaxAttempts int
	// BaseDelay and MaxDelay shape the back-off (notify.Backoff); a pause
	// the service asks for (Retry-After) is kept if it is longer.
	BaseDelay, MaxDelay time.Duration
	// Rand returns a number in [0, 1) for the jitter; nil means
	// math/rand/v2.
	Rand func() float64
}

// RedirectSender delivers the redirect calls of the outbox (the messages
// of switchboard.ChannelRedirect) through the connector of each call's
// account, and records each outcome on the device in plain words. Give it
// to a notify.Dispatcher as the sender of ChannelRedirect, with a
// MaxAttempts above the sender's own: the sender decides when to give up.
type RedirectSender struct {
	s   *Service
	opt RedirectSenderOptions
}

// RedirectSender returns the sender of the redirect calls this Service
// queues.
func (s *Service) RedirectSender(o RedirectSenderOptions) *RedirectSender {
	redirectDefault(&o.MaxAttempts, DefaultRedirectAttempts)
	redirectDefault(&o.BaseDelay, DefaultRedirectBaseDelay)
	redirectDefault(&o.MaxDelay, DefaultRedirectMaxDelay)
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	return &RedirectSender{s: s, opt: o}
}

// redirectDefault sets a zero or negative option to its default.
func redirectDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Send makes one attempt of the call in m. It returns nil once the service
// accepted it, notify.RetryAt for a failure another attempt may fix, and
// notify.Permanent for anything else.
func (r *RedirectSender) Send(ctx context.Context, m *switchboard.Message) error {
	var call switchboard.RedirectCall
	if err := json.Unmarshal([]byte(m.Text), &call); err != nil {
		return notify.Permanent(fmt.Errorf("redirect call %s: %w", m.ID, err))
	}
	register := m.Kind == switchboard.MessageRedirectRegister
	s := r.s
	var a *switchboard.RedirectAccount
	err := s.store.View(ctx, func(tx switchboard.Tx) error {
		var err error
		a, err = tx.RedirectAccount(call.AccountID)
		return err
	})
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		err = switchboard.Errorf(switchboard.ENOTFOUND, "The redirect service account %s was deleted before the call was made; add an account for the service and set mac_provisioning to once again.", call.AccountID)
		return notify.Permanent(r.record(ctx, call, register, failed("", call, "", err), err))
	}
	if err != nil {
		return err
	}
	title := a.Service
	if svc, ok := services.Lookup(a.Service); ok {
		title = svc.Title
	}
	conn, err := services.Connect(a, call.URL, r.opt.HTTP)
	if err != nil {
		return notify.Permanent(err)
	}
	if register {
		err = conn.Register(ctx, redirect.Device{MAC: call.MAC, Code: call.Code}, call.URL)
	} else {
		err = conn.Deregister(ctx, call.MAC)
	}
	now := s.clock()
	st := switchboard.RedirectStatus{Service: title, AccountID: a.ID, MAC: call.MAC, At: now}
	attempt := m.Attempts + 1
	log := s.log.With(slog.String("device", call.DeviceID), slog.String("account", a.ID), slog.String("call", m.Kind), slog.Int("attempt", attempt))
	switch {
	case err == nil:
		st.State = switchboard.RedirectRegistered
		st.Message = fmt.Sprintf("Registered at %s (account %q) at %s, pointing at %s.", title, a.Name, now.Format(time.RFC3339), call.URL)
		if !register {
			st.State = switchboard.RedirectReleased
			st.Message = fmt.Sprintf("MAC %s was removed from %s (account %q) at %s.", showMAC(call.MAC), title, a.Name, now.Format(time.RFC3339))
		}
		log.InfoContext(ctx, "redirect: call accepted")
		// The device's next call, if any, waits for this one.
		defer s.outboxWritten(ctx)
		return r.record(ctx, call, register, st, nil)
	case redirect.Retryable(err) && attempt < r.opt.MaxAttempts:
		wait := max(notify.Backoff(attempt, r.opt.BaseDelay, r.opt.MaxDelay, r.opt.Rand()), redirect.RetryAfter(err))
		st.State, st.NextAttemptAt = switchboard.RedirectPending, now.Add(wait)
		st.Message = fmt.Sprintf("Waiting: %s Next attempt at %s (attempt %d of %d failed).",
			switchboard.ErrorMessage(err), st.NextAttemptAt.Format(time.RFC3339), attempt, r.opt.MaxAttempts)
		log.InfoContext(ctx, "redirect: call failed; will retry", "err", err, "next_attempt_at", st.NextAttemptAt)
		return notify.RetryAt(r.record(ctx, call, register, st, err), st.NextAttemptAt)
	}
	log.WarnContext(ctx, "redirect: call failed; no further attempts", "err", err)
	gaveUp := ""
	if redirect.Retryable(err) {
		gaveUp = fmt.Sprintf("Gave up after %d attempts: ", attempt)
	}
	return notify.Permanent(r.record(ctx, call, register, failed(title, call, gaveUp, err), err))
}

// failed is the status of a call given up; prefix says why when the
// error's message alone would promise another attempt.
func failed(service string, call switchboard.RedirectCall, prefix string, err error) switchboard.RedirectStatus {
	return switchboard.RedirectStatus{State: switchboard.RedirectFailed, Service: service, AccountID: call.AccountID, MAC: call.MAC,
		Message: prefix + switchboard.ErrorMessage(err) + " Set mac_provisioning to once again to repeat the registration."}
}

// record writes st on the call's device if the device still exists and its
// status is about the call's MAC (a newer MAC has its own status), and
// returns callErr, or the store's error when the outcome cannot be written
// so the attempt is made again.
func (r *RedirectSender) record(ctx context.Context, call switchboard.RedirectCall, register bool, st switchboard.RedirectStatus, callErr error) error {
	if !register && st.State == switchboard.RedirectFailed {
		st.Message = fmt.Sprintf("MAC %s could not be removed from the redirect service: %s", showMAC(call.MAC), st.Message)
	}
	if st.At.IsZero() {
		st.At = r.s.clock()
	}
	err := r.s.store.Update(ctx, func(tx switchboard.Tx) error {
		d, err := tx.Device(call.DeviceID)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if d.Redirect.MAC != call.MAC {
			return nil
		}
		return tx.SetDeviceRedirect(d.ID, st)
	})
	if err != nil {
		return fmt.Errorf("record redirect outcome on device %s: %w", call.DeviceID, err)
	}
	return callErr
}
