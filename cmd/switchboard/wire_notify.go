package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/metrics"
	"github.com/switchboard-pbx/switchboard/internal/notify"
	"github.com/switchboard-pbx/switchboard/internal/notify/sms"
	"github.com/switchboard-pbx/switchboard/internal/notify/smtp"
)

// outboxOf returns the Outbox of the store under the metrics wrapper.
func outboxOf(st switchboard.Store) (switchboard.Outbox, error) {
	if m, ok := st.(*metrics.Store); ok {
		st = m.Store
	}
	ob, ok := st.(switchboard.Outbox)
	if !ok {
		return nil, fmt.Errorf("the store %T keeps no outbox", st)
	}
	return ob, nil
}

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

// startWorkers starts the order worker and the outbox dispatcher. The
// returned function stops both and waits for them; a message being sent
// when they stop is recorded as interrupted and sent again, with the same
// key, after the next start.
func (s *system) startWorkers(ctx context.Context, c serveConfig, reg prometheus.Registerer) (func(), error) {
	ob, err := outboxOf(s.store)
	if err != nil {
		return nil, err
	}
	snd, err := senders(c)
	if err != nil {
		return nil, err
	}
	m, err := notify.NewMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("register outbox metrics: %w", err)
	}
	d, err := notify.New(notify.Config{Outbox: ob, Senders: snd, Logger: s.log, Metrics: m})
	if err != nil {
		return nil, err
	}
	s.svc.OnOutbox(d.Wake)
	for ch, sender := range snd {
		s.log.Info("outbox: delivering", "channel", string(ch), "via", fmt.Sprint(sender))
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, run := range []func(context.Context) error{d.Run, func(ctx context.Context) error { return s.svc.RunOrders(ctx, 0) }} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- run(wctx)
		}()
	}
	return func() {
		cancel()
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil && !errors.Is(err, context.Canceled) {
				s.log.Warn("worker stopped with an error", "err", err)
			}
		}
	}, nil
}
