// Package app holds Switchboard's use cases: each checks the caller's role,
// validates with the domain rules, and writes its change together with an
// audit event in one store transaction, so it happens completely or not at
// all. Adapters (API, portal, CLI) call only this package.
package app

import (
	"context"
	"log/slog"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/notify/messages"
)

// SIPSettings describe the SIP service devices register with; they fill the
// SIP account view and derive customers' SIP domains.
type SIPSettings struct {
	// Domain is the parent domain customers' SIP domains are derived under
	// ("acme" + "." + Domain) and the domain of a customer that has none.
	Domain string
	// Registrar is the host name devices register with.
	Registrar string
	// Proxy is the outbound proxy; empty means the registrar.
	Proxy string
	// Port and TLSPort are the registrar's SIP ports (UDP/TCP and TLS).
	Port    int
	TLSPort int
}

// DeviceTime are the operator's defaults for the clock and the periodic
// resync of every device; a site may override both.
type DeviceTime struct {
	// NTPServers are the time servers, preferred first.
	NTPServers []string
	// Resync is how often devices ask for their profile by themselves;
	// zero leaves the device's own setting.
	Resync time.Duration
}

// Options configure a Service.
type Options struct {
	Store     switchboard.Store
	Catalogue switchboard.Catalogue
	// Now is the clock; nil means time.Now. Tests pass a fixed clock to
	// check time rules such as the conference package's minimum term.
	Now func() time.Time
	// ProvisioningURL is the base of the provisioning server as devices
	// see it, e.g. https://host:8448, without a trailing slash.
	ProvisioningURL string
	SIP             SIPSettings
	// DeviceTime are the operator's time servers and resync interval.
	DeviceTime DeviceTime
	// Logger receives operational messages; never secrets. nil discards.
	Logger *slog.Logger
	// Registrar reports registrations and notifies registered devices; nil
	// when no SIP server runs (every device shows offline).
	Registrar switchboard.Registrar
	// Bus receives a notice after each committed change that may make
	// something cached stale (profiles, SIP accounts) and after messages
	// were written to the outbox; nil publishes none.
	Bus switchboard.Bus
	// Messages names the service and the user portal in the e-mails and
	// SMS the use cases write to the outbox.
	Messages messages.Env
	// OnActionDone, when set, learns when a device's pending action was
	// carried out by a profile fetch (the device reloaded its profile). It
	// runs after the commit, on the provisioning server's bookkeeping
	// goroutine, and must not block.
	OnActionDone func(deviceID string, action switchboard.Action)
	// Node names the node this Service runs on, the same across restarts
	// and distinct among the nodes sharing the store (serve uses the SIP
	// node name). Its order claims record it, and its heartbeat tells
	// other nodes it is alive; empty claims anonymously, and such claims
	// are taken again only when their lease lapses.
	Node string
	// Fraud, when set, is told of every recorded profile fetch (the
	// provisioning side of the fraud signal); RunFraudSignals records what
	// it raises.
	Fraud *FraudWatch
	// Firmware reads the firmware version from a device's User-Agent for
	// the fleet statistics (vendors.Firmware); nil counts every device's
	// firmware as unknown.
	Firmware func(userAgent string) string
	// Render writes a profile as a model's files (vendors.Render), for
	// the profile difference; nil refuses it.
	Render func(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error)
	// VoicemailURI is the SIP URI of the voicemail service: *86 and
	// forwardings to the mailbox go there; empty means no mailbox.
	VoicemailURI string
	// Calls controls the calls of this node's B2BUA for the CTI interface;
	// nil means this node carries no calls.
	Calls switchboard.CallControl
	// Tariff prices answered calls to the public network for TopStop
	// (calls_charges.go); nil prices every call at DefaultCallCost, so no
	// charge limit is ever reached.
	Tariff *switchboard.Tariff
	// FirmwareFiles holds uploaded firmware content (issue 17): the data
	// directory with SQLite, StoreFirmwareFiles with PostgreSQL; nil
	// refuses uploads.
	FirmwareFiles switchboard.FirmwareFiles
}

// Service runs the use cases. It is safe for concurrent use.
type Service struct {
	store     switchboard.Store
	catalogue switchboard.Catalogue
	now       func() time.Time
	provURL   string
	sip       SIPSettings
	time      DeviceTime
	log       *slog.Logger
	registrar switchboard.Registrar
	bus       switchboard.Bus
	notify    *notifyState
	// actionDone is Options.OnActionDone.
	actionDone func(deviceID string, action switchboard.Action)
	// claimant is this Service's run of Options.Node; zero without one.
	claimant switchboard.Claimant
	// fraud is Options.Fraud.
	fraud *FraudWatch
	// firmware is Options.Firmware.
	firmware func(userAgent string) string
	// render is Options.Render.
	render func(p *switchboard.Profile, m switchboard.Model) ([]switchboard.File, error)
	// firmwareFiles is Options.FirmwareFiles.
	firmwareFiles switchboard.FirmwareFiles
	// rolloutWake makes RunRollouts step at once.
	rolloutWake chan struct{}
	// streams counts the open live event streams (Live).
	streams liveStreams
	// logins limits portal log-in attempts.
	logins *loginLimiter
	// ctiLogins limits CTI log-in attempts per account and address.
	ctiLogins *loginLimiter
	// voicemailURI is Options.VoicemailURI.
	voicemailURI string
	// tariff is Options.Tariff.
	tariff *switchboard.Tariff
	// Calls is Options.Calls, for the CTI interface; nil on a node
	// without calls. The wiring may set it after New, before serving:
	// the B2BUA it names is built with this Service as its router.
	Calls switchboard.CallControl
}

// New returns a Service with the given dependencies.
func New(o Options) *Service {
	s := &Service{
		store:         o.Store,
		catalogue:     o.Catalogue,
		now:           o.Now,
		provURL:       strings.TrimRight(o.ProvisioningURL, "/"),
		sip:           o.SIP,
		time:          o.DeviceTime,
		log:           o.Logger,
		registrar:     o.Registrar,
		actionDone:    o.OnActionDone,
		bus:           o.Bus,
		notify:        newNotifyState(o.Messages),
		fraud:         o.Fraud,
		firmware:      o.Firmware,
		render:        o.Render,
		firmwareFiles: o.FirmwareFiles,
		rolloutWake:   make(chan struct{}, 1),
		logins:        newLoginLimiter(),
		ctiLogins:     newLoginLimiter(),
		voicemailURI:  o.VoicemailURI,
		tariff:        o.Tariff,
		Calls:         o.Calls,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if o.Node != "" {
		s.claimant = switchboard.Claimant{Node: o.Node, Run: switchboard.NewID("run", s.now())}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.sip.Domain == "" {
		s.sip.Domain = "sip.invalid"
	}
	if s.sip.Port == 0 {
		s.sip.Port = 5060
	}
	if s.sip.TLSPort == 0 {
		s.sip.TLSPort = 5061
	}
	return s
}

// clock returns the current time in UTC, truncated to microseconds so that
// values survive a round trip through either store unchanged.
func (s *Service) clock() time.Time {
	return s.now().UTC().Truncate(time.Microsecond)
}

// update runs fn in one transaction and records the audit event fn returns
// in the same transaction, so a change never exists without its trace.
//
// A committed change is also logged (action, object, actor; never secrets)
// for operators who follow the log rather than the audit list.
func (s *Service) update(ctx context.Context, p switchboard.Principal, fn func(tx switchboard.Tx, now time.Time) (audit, error)) error {
	var a audit
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		now := s.clock()
		var err error
		if a, err = fn(tx, now); err != nil {
			return err
		}
		return tx.AddEvent(&switchboard.Event{
			ID:         switchboard.NewID("evt", now),
			CustomerID: a.customer,
			Kind:       switchboard.EventAudit,
			Actor:      p.TokenID,
			ActorRole:  p.Role,
			Action:     a.action,
			Object:     a.object,
			Detail:     a.detail,
			At:         now,
		})
	})
	if err == nil {
		s.log.InfoContext(ctx, "change", slog.String("action", a.action), slog.String("object", a.object),
			slog.String("customer", a.customer), slog.String("actor", p.TokenID), slog.String("role", string(p.Role)))
	}
	return err
}

// audit describes what a change did, for its audit event. It never holds a
// secret.
type audit struct {
	customer string
	action   string
	object   string
	detail   string
}

// view runs fn in a read-only transaction.
func (s *Service) view(ctx context.Context, fn func(tx switchboard.Tx) error) error {
	return s.store.View(ctx, fn)
}

// orEmpty makes a nil slice an empty one so clients always see a list.
func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
