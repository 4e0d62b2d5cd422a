package sip

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/sip/digest"
)

// Options configure a Server. Zero values take the defaults named on each
// field.
type Options struct {
	// Accounts supplies SIP accounts; required.
	Accounts AccountSource
	// Realm returns the digest realm to challenge a REGISTER addressed to
	// host (the To header's domain); nil uses host itself. It must agree
	// with the Realm of the accounts the source returns.
	Realm func(host string) string
	// Secret keys the nonces; nodes sharing a store share it. Required, at
	// least 16 bytes.
	Secret []byte
	// Host is the address put into Via and Contact of requests we send
	// (NOTIFY); empty uses the address of the listener the binding came in
	// on.
	Host string
	// MinExpires (default 60 s), MaxExpires (default 1 h) and
	// DefaultExpires (default 1 h) bound registration lifetimes.
	MinExpires, MaxExpires, DefaultExpires time.Duration
	// MaxBindingsPerAccount limits contacts per account (default 5).
	MaxBindingsPerAccount int
	// AccessNetworks are the operator's own networks: a device registering
	// from outside them must use TLS. nil means loopback and private ranges.
	AccessNetworks []netip.Prefix
	// Algorithms are the digest algorithms offered to every client, one
	// WWW-Authenticate each, in this order; an installation of RFC 8760
	// clients can put SHA-256 first. Empty leaves the choice to the
	// registrar: MD5 then SHA-256, and MD5 alone to the clients known to
	// give up when a challenge names an algorithm they lack (offer.go), so
	// every client registers without the operator naming any.
	Algorithms []string
	// NonceTTL is how long a nonce is accepted before stale=true (default 5 min).
	NonceTTL time.Duration
	// MaxSourceFailures (default 20) and MaxAccountFailures (default 10)
	// failed authentications within FailureWindow (default 10 min) block the
	// source or the account for BlockDuration (default 15 min).
	MaxSourceFailures, MaxAccountFailures int
	FailureWindow, BlockDuration          time.Duration
	// MaxConnections (default 20000) and MaxConnectionsPerIP (default 500,
	// an office of phones behind one NAT) bound stream connections.
	MaxConnections, MaxConnectionsPerIP int
	// MaxMessageSize bounds a SIP message in bytes (default 16 KiB).
	MaxMessageSize int
	// AccountTTL is how long looked-up accounts stay cached (default 5 min);
	// Invalidate drops one earlier.
	AccountTTL time.Duration
	// MaxCachedAccounts bounds the accounts kept in memory (default
	// DefaultMaxCachedAccounts, about 200 bytes each). A booting phone's
	// challenge and answer are served from one lookup; a phone whose
	// account was dropped is looked up again at its next refresh, which
	// comes half a registration before its binding would expire, so a
	// store unavailable for less than that takes no phone offline.
	MaxCachedAccounts int
	// Persister saves bindings write-behind every PersistInterval (default
	// 1 s); nil keeps them in memory only.
	Persister       Persister
	PersistInterval time.Duration
	// OnStatus and OnSecurity receive events on one goroutine of their own.
	OnStatus   func(StatusEvent)
	OnSecurity func(SecurityEvent)
	// Workers handle requests concurrently (default 4).
	Workers int
	// Router decides where calls go; nil leaves the B2BUA off (INVITE is
	// answered 405, as a registrar without calls does).
	Router switchboard.CallRouter
	// Trunks identifies INVITEs from upstream trunks and lends their
	// credentials; nil means no trunks.
	Trunks TrunkSource
	// OnCallEvents receives every change of a call, one per workplace's
	// view, in batches of what was queued (in order, at most 256 at once)
	// on a goroutine of its own; it records a batch in one go, so a slow
	// store takes more events per call rather than losing them. An error
	// counts the batch lost (Stats.CallEventsLost).
	OnCallEvents func([]switchboard.CallEvent) error
	// CallEventQueue is how many call events wait for OnCallEvents
	// (default 8192); past three quarters of it new calls wait, then are
	// refused 503, and calls in progress wait for room.
	CallEventQueue int
	// VoicemailURI is the voicemail service calls are transferred to;
	// ConferenceURI the conference service, empty when there is none.
	VoicemailURI, ConferenceURI string
	// NoAnswerTimeout ends ringing without a no-answer target (default
	// 60 s, answered 480).
	NoAnswerTimeout time.Duration
	// MaxCalls (default 10000) bounds the calls of the node and
	// MaxCallsPerAccount (default 8) those one device places at once.
	MaxCalls, MaxCallsPerAccount int
	// Logger receives operational messages, never secrets; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// TrunkSource is what the B2BUA asks about trunks; the use cases
// implement it over the store.
type TrunkSource interface {
	// TrunkByAddress returns the trunk whose inbound addresses hold ip,
	// the dialled number's customer's where several do; ENOTFOUND when
	// none does.
	TrunkByAddress(ctx context.Context, ip netip.Addr, dialled string) (*switchboard.Trunk, error)
	// TrunkSecret returns the trunk with its password, to answer its
	// challenges.
	TrunkSecret(ctx context.Context, id string) (*switchboard.Trunk, error)
	// RegisteredTrunks returns every trunk with Register set, with its
	// password: the server registers at each and unregisters from those
	// no longer returned.
	RegisteredTrunks(ctx context.Context) ([]*switchboard.Trunk, error)
	// RecordTrunkRegistration stores where this node's registration at
	// the trunk stands, for every node to show; ENOTFOUND for a trunk
	// deleted meanwhile.
	RecordTrunkRegistration(ctx context.Context, trunkID string, r switchboard.TrunkRegistration) error
}

// defaultAccessNetworks are loopback and the private ranges.
var defaultAccessNetworks = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("fc00::/7"),
}

func (o *Options) setDefaults() error {
	if o.Accounts == nil {
		return errors.New("sip: Options.Accounts is required")
	}
	if len(o.Secret) < 16 {
		return errors.New("sip: Options.Secret must hold at least 16 bytes")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.MinExpires, time.Minute)
	def(&o.MaxExpires, time.Hour)
	def(&o.DefaultExpires, time.Hour)
	if o.MaxExpires < o.MinExpires {
		return errors.New("sip: MaxExpires is below MinExpires")
	}
	o.DefaultExpires = min(max(o.DefaultExpires, o.MinExpires), o.MaxExpires)
	defInt(&o.MaxBindingsPerAccount, 5)
	def(&o.NonceTTL, 5*time.Minute)
	defInt(&o.MaxSourceFailures, 20)
	defInt(&o.MaxAccountFailures, 10)
	def(&o.FailureWindow, 10*time.Minute)
	def(&o.BlockDuration, 15*time.Minute)
	defInt(&o.MaxMessageSize, 16<<10)
	defInt(&o.MaxConnections, 20000)
	defInt(&o.MaxConnectionsPerIP, 500)
	def(&o.AccountTTL, 5*time.Minute)
	defInt(&o.MaxCachedAccounts, DefaultMaxCachedAccounts)
	def(&o.PersistInterval, time.Second)
	defInt(&o.Workers, 4)
	def(&o.NoAnswerTimeout, time.Minute)
	defInt(&o.MaxCalls, 10000)
	defInt(&o.MaxCallsPerAccount, 8)
	defInt(&o.CallEventQueue, 8192)
	for _, a := range o.Algorithms {
		if !digest.Supported(a) {
			return fmt.Errorf("sip: unsupported digest algorithm %q", a)
		}
	}
	if o.AccessNetworks == nil {
		o.AccessNetworks = defaultAccessNetworks
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Realm == nil {
		o.Realm = func(host string) string { return host }
	}
	return nil
}
