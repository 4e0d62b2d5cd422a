package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Defaults for the zero fields of Config.
const (
	DefaultBatchSize    = 20
	DefaultPollInterval = 5 * time.Second
	DefaultMaxAttempts  = 8
	DefaultBaseDelay    = 30 * time.Second
	DefaultMaxDelay     = time.Hour
	DefaultSendTimeout  = 30 * time.Second
	DefaultConcurrency  = 4
)

// bookkeepingTimeout bounds recording an outcome after the dispatcher was
// told to stop; the outcome of a send that happened must still be written.
const bookkeepingTimeout = 10 * time.Second

// maxErrorText bounds the error text kept on a message.
const maxErrorText = 1000

// Config configures a Dispatcher. Only Outbox is required.
type Config struct {
	Outbox switchboard.Outbox
	// Senders maps each channel to its sender. Messages of a channel
	// without a sender are not claimed and stay pending in the outbox.
	Senders map[switchboard.Channel]Sender
	// BatchSize bounds how many messages one poll claims.
	BatchSize int
	// PollInterval is how long the dispatcher sleeps when nothing is due
	// and no outbox notice arrives.
	PollInterval time.Duration
	// MaxAttempts is how many attempts a message gets before it is marked
	// failed.
	MaxAttempts int
	// BaseDelay is the wait after the first failed attempt; it doubles
	// with each further one up to MaxDelay, and a random part of up to
	// half of it is taken off so messages failing together spread out.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// SendTimeout bounds one attempt.
	SendTimeout time.Duration
	// Concurrency bounds the attempts under way at once. Most of an
	// attempt is waiting (an SMTP conversation is several round trips, and
	// a busy process gives the dispatcher a CPU only now and then), so a
	// few at once keep the outbox up with a large import; messages to one
	// recipient still go one after the other, in the order claimed.
	Concurrency int
	// Logger receives outcomes (never message bodies); nil discards.
	Logger *slog.Logger
	// Metrics counts outcomes; nil uses unregistered counters.
	Metrics *Metrics
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand returns a number in [0, 1) for the jitter; nil means
	// math/rand/v2.
	Rand func() float64
	// Claimant is this node's run (app.Service.Claimant): claims record
	// it, and messages claimed by an earlier run of the node or by a node
	// whose heartbeat stopped are taken again without waiting for their
	// lease. Zero claims anonymously; such claims wait for their lease.
	Claimant switchboard.Claimant
	// Changes, when set, wakes Run on every outbox notice (the use cases
	// publish one after committing messages), on this node or another, and
	// is told of each message that failed for good (the portal shows it).
	Changes switchboard.Bus
}

// Dispatcher delivers the outbox. A message is marked sent only after its
// sender accepted it; if the process dies in between, the message is sent
// again with the same Key: by the node's next run at once, by another node
// once the dead node's heartbeat stopped, else when the claim lapses.
type Dispatcher struct {
	cfg      Config
	channels []switchboard.Channel
	lease    time.Duration
	log      *slog.Logger
	metrics  *Metrics
}

// New checks cfg, fills in defaults and returns a dispatcher.
func New(cfg Config) (*Dispatcher, error) {
	if cfg.Outbox == nil {
		return nil, errors.New("notify: no outbox given")
	}
	setDefault(&cfg.BatchSize, DefaultBatchSize)
	setDefault(&cfg.PollInterval, DefaultPollInterval)
	setDefault(&cfg.MaxAttempts, DefaultMaxAttempts)
	setDefault(&cfg.BaseDelay, DefaultBaseDelay)
	setDefault(&cfg.MaxDelay, DefaultMaxDelay)
	setDefault(&cfg.SendTimeout, DefaultSendTimeout)
	setDefault(&cfg.Concurrency, DefaultConcurrency)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	d := &Dispatcher{cfg: cfg, log: cfg.Logger, metrics: cfg.Metrics}
	if d.log == nil {
		d.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if d.metrics == nil {
		d.metrics, _ = NewMetrics(nil)
	}
	for ch, s := range cfg.Senders {
		if !ch.Valid() || s == nil {
			return nil, fmt.Errorf("notify: bad sender for channel %q", ch)
		}
		d.channels = append(d.channels, ch)
	}
	slices.Sort(d.channels)
	// A claim must outlast a whole batch of attempts that all time out,
	// plus the time to record their outcomes.
	d.lease = time.Duration(cfg.BatchSize+1) * (cfg.SendTimeout + bookkeepingTimeout)
	return d, nil
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Run delivers due messages until ctx is cancelled, then returns nil. A
// message being sent when ctx is cancelled is recorded as an interrupted
// attempt; claimed messages not yet sent are released.
func (d *Dispatcher) Run(ctx context.Context) error {
	if len(d.channels) == 0 {
		d.log.InfoContext(ctx, "outbox: no mail or SMS sender configured; messages stay in the outbox")
		<-ctx.Done()
		return nil
	}
	var notices <-chan string
	if d.cfg.Changes != nil {
		ch, stop := d.cfg.Changes.Subscribe(switchboard.TopicOutbox)
		defer stop()
		notices = ch
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-notices:
		}
		n, err := d.RunOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := d.cfg.PollInterval
		if err != nil {
			d.log.Log(ctx, switchboard.Severity(err), "outbox: delivery round failed", "err", err)
		} else if n == d.cfg.BatchSize {
			wait = 0 // a full batch: more may be due
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(wait)
	}
}

// RunOnce claims one batch of due messages and attempts each, up to
// Concurrency at once and those to one recipient in the order claimed. It
// returns how many were claimed and an error of the outbox, after which
// it starts no further attempt; failures of senders are recorded on the
// messages, not returned.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	if len(d.channels) == 0 {
		return 0, nil
	}
	now := d.cfg.Now()
	msgs, err := d.cfg.Outbox.Claim(ctx, switchboard.OutboxClaim{
		Channels: d.channels, Now: now, Until: now.Add(d.lease), Limit: d.cfg.BatchSize,
		By: d.cfg.Claimant, GoneBefore: now.Add(-switchboard.NodeGoneAfter),
	})
	if err != nil {
		return 0, fmt.Errorf("claim due messages: %w", err)
	}
	groups := byRecipient(msgs)
	jobs := make(chan []*switchboard.Message)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		errs   []error
		failed atomic.Bool
	)
	for range min(d.cfg.Concurrency, len(groups)) {
		wg.Go(func() {
			for group := range jobs {
				if err := d.deliverAll(ctx, group, &failed); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	var left []*switchboard.Message
	for i, group := range groups {
		if ctx.Err() != nil || failed.Load() {
			for _, g := range groups[i:] {
				left = append(left, g...)
			}
			break
		}
		jobs <- group
	}
	close(jobs)
	wg.Wait()
	if err := d.release(ctx, left); err != nil {
		errs = append(errs, err)
	}
	return len(msgs), errors.Join(errs...)
}

// deliverAll attempts a recipient's messages one after the other. Once
// the outbox failed (here or in another group, failed) or ctx ended, it
// hands the rest back instead.
func (d *Dispatcher) deliverAll(ctx context.Context, group []*switchboard.Message, failed *atomic.Bool) error {
	for i, m := range group {
		if ctx.Err() != nil || failed.Load() {
			return d.release(ctx, group[i:])
		}
		if err := d.deliver(ctx, m); err != nil {
			// The outbox cannot record outcomes: sending more now would
			// only make more messages that are re-sent later.
			failed.Store(true)
			if rerr := d.release(ctx, group[i+1:]); rerr != nil {
				err = errors.Join(err, rerr)
			}
			return err
		}
	}
	return nil
}

// byRecipient splits msgs by channel and recipient, each group in the
// order of msgs and the groups in the order of their first message.
func byRecipient(msgs []*switchboard.Message) [][]*switchboard.Message {
	var groups [][]*switchboard.Message
	index := map[[2]string]int{}
	for _, m := range msgs {
		k := [2]string{string(m.Channel), m.To}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], m)
	}
	return groups
}

// release hands claimed but unsent messages back, due at once.
func (d *Dispatcher) release(ctx context.Context, msgs []*switchboard.Message) error {
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookkeepingTimeout)
	defer cancel()
	now := d.cfg.Now()
	for _, m := range msgs {
		if err := d.cfg.Outbox.Release(bctx, m.ID, now); err != nil {
			return fmt.Errorf("release message %s: %w", m.ID, err)
		}
	}
	return nil
}

// deliver makes one attempt and records its outcome. The outcome is
// recorded even when ctx was cancelled during the attempt.
func (d *Dispatcher) deliver(ctx context.Context, m *switchboard.Message) error {
	sender := d.cfg.Senders[m.Channel]
	if sender == nil {
		return nil // not ours; the claim lapses and it stays pending
	}
	sctx, cancel := context.WithTimeout(ctx, d.cfg.SendTimeout)
	sendErr := sender.Send(sctx, m)
	cancel()

	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookkeepingTimeout)
	defer cancel()
	ch := string(m.Channel)
	attempt := m.Attempts + 1
	log := d.log.With("message", m.ID, "kind", m.Kind, "channel", ch, "attempt", attempt)
	if sendErr == nil {
		if err := d.cfg.Outbox.MarkSent(bctx, m.ID, d.cfg.Now()); err != nil {
			return fmt.Errorf("mark message %s sent: %w", m.ID, err)
		}
		d.metrics.sent.WithLabelValues(ch).Inc()
		log.DebugContext(ctx, "outbox: message sent")
		return nil
	}
	text := errorText(sendErr)
	switch {
	case ctx.Err() != nil:
		// Stopped mid-attempt: the receiver may or may not have the
		// message; try again at once after the restart, same Key.
		if err := d.cfg.Outbox.MarkRetry(bctx, m.ID, d.cfg.Now(), "interrupted by shutdown: "+text); err != nil {
			return fmt.Errorf("mark message %s for retry: %w", m.ID, err)
		}
		d.metrics.retried.WithLabelValues(ch).Inc()
		log.InfoContext(ctx, "outbox: attempt interrupted by shutdown; will retry", "err", text)
	case IsPermanent(sendErr) || attempt >= d.cfg.MaxAttempts:
		if err := d.cfg.Outbox.MarkFailed(bctx, m.ID, text); err != nil {
			return fmt.Errorf("mark message %s failed: %w", m.ID, err)
		}
		d.metrics.failed.WithLabelValues(ch).Inc()
		log.WarnContext(ctx, "outbox: message failed; no further attempts", "err", text, "permanent", IsPermanent(sendErr))
		if d.cfg.Changes != nil {
			if err := d.cfg.Changes.Publish(bctx, switchboard.TopicMessageFailed, m.ID); err != nil {
				log.WarnContext(ctx, "outbox: failure not told to other nodes", "err", err)
			}
		}
	default:
		next := d.cfg.Now().Add(d.backoff(attempt))
		if at, ok := retryAt(sendErr); ok {
			next = at
		}
		if err := d.cfg.Outbox.MarkRetry(bctx, m.ID, next, text); err != nil {
			return fmt.Errorf("mark message %s for retry: %w", m.ID, err)
		}
		d.metrics.retried.WithLabelValues(ch).Inc()
		log.InfoContext(ctx, "outbox: attempt failed; will retry", "err", text, "next_attempt_at", next)
	}
	return nil
}

// backoff is the wait after the given failed attempt (1 for the first):
// BaseDelay doubled per further attempt, capped at MaxDelay, less a random
// part of up to half of it.
func (d *Dispatcher) backoff(attempt int) time.Duration {
	return Backoff(attempt, d.cfg.BaseDelay, d.cfg.MaxDelay, d.cfg.Rand())
}

// Backoff is the wait after the given failed attempt (1 for the first):
// base doubled per further attempt, capped at maxDelay, less r (in [0, 1))
// times half of it. Senders that choose their own next attempt (RetryAt)
// use it too.
func Backoff(attempt int, base, maxDelay time.Duration, r float64) time.Duration {
	delay := maxDelay
	if attempt-1 < 40 {
		if v := base << (attempt - 1); v > 0 && v < delay {
			delay = v
		}
	}
	return delay - time.Duration(r*float64(delay/2))
}

func errorText(err error) string {
	s := err.Error()
	if len(s) > maxErrorText {
		s = strings.ToValidUTF8(s[:maxErrorText], "") + "…"
	}
	return s
}
