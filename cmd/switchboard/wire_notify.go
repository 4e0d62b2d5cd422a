package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp"
)

// senders builds the mail and SMS senders the flags ask for; a channel
// without a flag gets none and its messages stay in the outbox.
func senders(c serveConfig) (map[switchboard.Channel]notify.Sender, error) {
	out := map[switchboard.Channel]notify.Sender{}
	if c.smtp != "" {
		cfg := smtp.Config{URL: c.smtp}
		if u, err := url.Parse(c.smtp); err == nil && u.Query().Get("from") == "" {
			cfg.From = "noreply@" + c.publicHost
		}
		s, err := smtp.New(cfg)
		if err != nil {
			return nil, fmt.Errorf("--smtp: %w", err)
		}
		out[switchboard.ChannelEmail] = s
	}
	if c.smsURL != "" {
		s, err := sms.New(sms.Config{URL: c.smsURL})
		if err != nil {
			return nil, fmt.Errorf("--sms-url: %w", err)
		}
		out[switchboard.ChannelSMS] = s
	}
	return out, nil
}

// pendingWorkers deliver pending actions at once, each waiting for its
// NOTIFY's answer; a boot storm brings many due at the same time.
const pendingWorkers = 16

// workers returns the background work serve runs beside its servers: the
// outbox dispatchers of mail and SMS and of redirect calls (woken by outbox
// notices on the bus), the order worker (--order-workers orders at once),
// the node's heartbeat, the delivery of the pending actions the registrar
// reports due, the automatic hot-desk log-out, and the fraud signals the
// node's watch raises. A message being sent
// when they stop is recorded as interrupted and sent again, with the same
// key, after the next start; orders and messages a crash left claimed are
// taken again by the node's next run at once, or by another node once the
// heartbeat stopped. The automatic hot-desk log-out looks every minute.
func (s *system) workers(c serveConfig, reg prometheus.Registerer) ([]func(context.Context) error, error) {
	snd, err := senders(c)
	if err != nil {
		return nil, err
	}
	m, err := notify.NewMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("register outbox metrics: %w", err)
	}
	d, err := notify.New(notify.Config{Outbox: s.outbox, Senders: snd, Logger: s.log, Metrics: m, Changes: s.bus,
		Claimant: s.svc.Claimant()})
	if err != nil {
		return nil, err
	}
	for ch, sender := range snd {
		s.log.Info("outbox: delivering", "channel", string(ch), "via", fmt.Sprint(sender))
	}
	// Redirect calls have a dispatcher of their own: the sender decides
	// when a call is given up, so the dispatcher's limit is above its.
	rd, err := notify.New(notify.Config{Outbox: s.outbox, Logger: s.log, Metrics: m, Changes: s.bus, Claimant: s.svc.Claimant(),
		Senders:     map[switchboard.Channel]notify.Sender{switchboard.ChannelRedirect: s.svc.RedirectSender(app.RedirectSenderOptions{})},
		MaxAttempts: app.DefaultRedirectAttempts + 1})
	if err != nil {
		return nil, err
	}
	return []func(context.Context) error{
		d.Run,
		rd.Run,
		func(ctx context.Context) error { return s.svc.RunOrders(ctx, 0, c.orderWorkers) },
		func(ctx context.Context) error { return s.svc.RunHeartbeat(ctx, 0) },
		func(ctx context.Context) error { return s.svc.RunPending(ctx, s.sip.Due(), pendingWorkers) },
		func(ctx context.Context) error { return s.svc.RunAutoLogout(ctx, 0) },
		func(ctx context.Context) error { return s.svc.RunFraudSignals(ctx, s.fraud) },
		func(ctx context.Context) error { return s.svc.RunCallJanitor(ctx, 0) },
		func(ctx context.Context) error { return s.svc.RunRollouts(ctx, c.rolloutPoll) },
		s.relayCalls,
		func(ctx context.Context) error { return s.svc.RunPlannedActions(ctx, 0) },
	}, nil
}
