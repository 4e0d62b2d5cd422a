package switchboard

import (
	"context"
	"time"
)

// Calls (issue 16, seed 002). Switchboard's B2BUA relays the signalling of
// calls between workplaces, to and from upstream SIP trunks; media flows end
// to end. Every change of a call and of a workplace's call settings becomes
// a CallEvent: the call journal, the CTI interface's event channels and the
// portal read them, on every node.

// CallSettings are a workplace's call features, one record written alike
// by the portal, the API, the phone's feature codes and the CTI interface.
type CallSettings struct {
	WorkplaceID string `json:"workplace"`
	CustomerID  string `json:"customer"`
	// ForwardAlways sends every incoming call to ForwardTo, or to the
	// voicemail (*86) when ForwardTo is empty. Seed 002: a forwarding to
	// the voicemail is not shown on the phones, only to CTI clients.
	ForwardAlways bool   `json:"forward_always"`
	ForwardTo     string `json:"forward_to,omitempty"`
	// DoNotDisturb refuses incoming calls as busy.
	DoNotDisturb bool `json:"do_not_disturb"`
	// RemoteOffice rings RemoteOfficeNumber instead of the workplace's
	// devices, and calls placed through CTI start there.
	RemoteOffice       bool   `json:"remote_office"`
	RemoteOfficeNumber string `json:"remote_office_number,omitempty"`
	// ParallelRinging rings ParallelRingingNumbers together with the
	// workplace's devices; the first to answer takes the call.
	ParallelRinging        bool     `json:"parallel_ringing"`
	ParallelRingingNumbers []string `json:"parallel_ringing_numbers,omitempty"`
	// Voicemail says the workplace has a mailbox (voice messaging on):
	// unanswered calls go there after NoAnswerSeconds.
	Voicemail       bool      `json:"voicemail"`
	NoAnswerSeconds int       `json:"no_answer_seconds"`
	UpdatedAt       time.Time `json:"updated_at"`
	// UpdatedBy says which way the last change came: one of the
	// SettingsBy values.
	UpdatedBy string `json:"updated_by,omitempty"`
}

// Ways a change of call settings comes in, recorded in UpdatedBy and in
// the change's event.
const (
	SettingsByPortal      = "portal"
	SettingsByAPI         = "api"
	SettingsByFeatureCode = "feature-code"
	SettingsByCTI         = "cti"
)

// CallState is where a call stands, as the CTI interface reports it.
type CallState string

// Call states (Xsi's state values).
const (
	CallAlerting CallState = "Alerting"
	CallActive   CallState = "Active"
	CallHeld     CallState = "Held"
	CallReleased CallState = "Released"
)

// Call personalities: on which side of the call the workplace is.
const (
	CallOriginator  = "Originator"
	CallTerminator  = "Terminator"
	CallClickToDial = "Click-to-Dial"
)

// Call is one call as one workplace sees it. A call between two workplaces
// of a customer is two Calls, one per workplace, with the same
// ExternalTrackingID.
type Call struct {
	ID                 string `json:"id"`
	ExternalTrackingID string `json:"external_tracking_id"`
	CustomerID         string `json:"customer"`
	WorkplaceID        string `json:"workplace"`
	// DeviceID is the workplace's device carrying the call; empty while it
	// still rings several, and for a call at the remote office.
	DeviceID    string    `json:"device,omitempty"`
	Personality string    `json:"personality"`
	State       CallState `json:"state"`
	// RemoteHeld says the other party holds the call.
	RemoteHeld bool `json:"remote_held,omitempty"`
	// RemoteAddress is the other party: an extension of the customer or an
	// E.164 number; RemoteName its name where known.
	RemoteAddress string `json:"remote_address"`
	RemoteName    string `json:"remote_name,omitempty"`
	// Voicemail says the other party is the voicemail service (seed 002:
	// CTI clients show that one talks to the mailbox).
	Voicemail  bool      `json:"voicemail,omitempty"`
	StartedAt  time.Time `json:"started_at"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	ReleasedAt time.Time `json:"released_at,omitzero"`
	// ReleaseCause is one of the Release values once released.
	ReleaseCause string `json:"release_cause,omitempty"`
	// OutsideNumber is the E.164 number of the public network where the
	// workplace's forwarding, remote office or parallel ringing took the
	// call through the trunk, set once answered there: the workplace pays
	// that leg, as a carrier bills the diverting line.
	OutsideNumber string `json:"outside_number,omitempty"`
}

// Why calls end.
const (
	ReleaseNormal    = "normal"
	ReleaseBusy      = "busy"
	ReleaseNoAnswer  = "no-answer"
	ReleaseRejected  = "rejected"
	ReleaseCancelled = "cancelled"
	ReleaseForbidden = "forbidden"
	ReleaseFailed    = "failed"
)

// CallEvent is one change of a call or of call settings. Kind is one of the
// CallEvent kinds; Call is the call after the change, Settings the settings
// after the change (one of the two is set).
type CallEvent struct {
	// Seq is given by the store, increasing; readers resume after the last
	// Seq they saw.
	Seq         int64         `json:"seq"`
	Kind        string        `json:"kind"`
	CustomerID  string        `json:"customer"`
	WorkplaceID string        `json:"workplace"`
	At          time.Time     `json:"at"`
	Call        *Call         `json:"call,omitempty"`
	Settings    *CallSettings `json:"settings,omitempty"`
}

// CallEvent kinds, named after the Xsi events they become.
const (
	EventCallOriginating = "CallOriginating"
	EventCallOriginated  = "CallOriginated"
	EventCallReceived    = "CallReceived"
	EventCallAnswered    = "CallAnswered"
	EventCallHeld        = "CallHeld"
	EventCallRetrieved   = "CallRetrieved"
	EventCallReleased    = "CallReleased"
	EventCallTransferred = "CallTransferred"
	EventCallUpdated     = "CallUpdated"
	EventCallSettings    = "CallSettings"
)

// Trunk is an upstream SIP trunk of a customer: calls to numbers outside
// the customer leave through it, calls to the customer's numbers arrive
// through it. Password is a secret (sealed by the store, never returned).
type Trunk struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer"`
	Name       string `json:"name"`
	// Proxy is where requests go: host or IP literal with an optional port.
	Proxy string `json:"proxy"`
	// Transport is udp, tcp or tls.
	Transport string `json:"transport"`
	// Domain is the domain of the From and Request-URI towards the trunk;
	// empty uses Proxy's host.
	Domain       string `json:"domain,omitempty"`
	Username     string `json:"username,omitempty"`
	AuthUsername string `json:"auth_username,omitempty"`
	Password     string `json:"-"`
	// Register makes Switchboard register Username at the trunk.
	Register bool `json:"register"`
	// InboundAddresses are the addresses and prefixes from which the trunk
	// sends calls; an INVITE from them to one of the customer's numbers is
	// taken without a challenge.
	InboundAddresses []string `json:"inbound_addresses"`
	// CallerID is the E.164 number shown for calls of workplaces without a
	// number of their own.
	CallerID  string    `json:"caller_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MonitoringAccount is seed 002's dedicated monitoring user: a CTI server
// uses it to open event channels for all users of the customer; it can
// neither act on calls nor log in to the portal. PasswordHash is a bcrypt
// hash; the password is shown once when the account is created.
type MonitoringAccount struct {
	ID           string    `json:"id"`
	CustomerID   string    `json:"customer"`
	Username     string    `json:"username"`
	Description  string    `json:"description,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// DialParameters are what a CTI server needs to dial for the customer
// (seed 002): the internal number length is that of the longest extension,
// and there is no trunk prefix.
type DialParameters struct {
	CustomerID           string `json:"customer"`
	InternalNumberLength int    `json:"internal_number_length"`
	TrunkPrefix          string `json:"trunk_prefix"`
	CountryCode          string `json:"country_code,omitempty"`
	VoicemailNumber      string `json:"voicemail_number"`
	CallPullNumber       string `json:"call_pull_number"`
}

// CallRouter decides where a call goes. The B2BUA asks it for every INVITE
// it accepted (authenticated device, or a trunk's address); the use cases
// implement it over the store.
type CallRouter interface {
	Route(ctx context.Context, req CallRequest) (*CallRoute, error)
}

// CallRequest is an incoming INVITE as the router sees it: from a device of
// a customer (DeviceID) or from a trunk (TrunkID, CallerNumber).
type CallRequest struct {
	DeviceID     string
	TrunkID      string
	CallerNumber string
	CallerName   string
	// Dialled is the Request-URI's user part as dialled.
	Dialled string
	// WorkplaceID is set instead of DeviceID for a call the workplace
	// places through CTI (click-to-dial); the route's Origin says where
	// the workplace answers it first.
	WorkplaceID string
	// OwnDevices, with WorkplaceID, asks only where the workplace's devices
	// are, for pulling its call to them (CallControl.Retrieve): the
	// route's Origin lists them (never the remote office), Targets stay
	// empty and Dialled is not read.
	OwnDevices bool
}

// CallRoute is the router's answer. Exactly one of Feature and Targets is
// set, or Refused. A refusal is a coded error (ENOTFOUND: unknown number,
// EFORBIDDEN: blocked line or charge limit, ECONFLICT: busy/do not disturb)
// the B2BUA maps to a SIP status through its one table.
type CallRoute struct {
	CustomerID        string
	CallerWorkplaceID string
	// CallerNumber and CallerName are what the called party is shown.
	CallerNumber string
	CallerName   string
	// Feature is set when the dialled string was a feature code; Result
	// says what it did, for the reason phrase of the final answer.
	Feature *FeatureResult
	// Targets ring at once; the first to answer takes the call.
	Targets []CallTarget
	// NoAnswer, when set, takes the call after NoAnswerAfter if no target
	// answered (the voicemail).
	NoAnswer      *CallTarget
	NoAnswerAfter time.Duration
	// Origin, for a CallRequest with WorkplaceID, is where the workplace
	// answers the call first: its devices, or its remote office number.
	Origin  *CallTarget
	Refused error
}

// CallTarget is one leg to ring: a workplace's devices (every current
// binding of DeviceIDs), a number through a trunk, or a service URI (the
// voicemail).
type CallTarget struct {
	// WorkplaceID is the workplace whose devices ring; with TrunkID, the
	// workplace whose forwarding, remote office or parallel ringing sends
	// the call out: it sees the call and pays for the leg.
	WorkplaceID string
	DeviceIDs   []string
	TrunkID     string
	// Number is the E.164 number dialled at the trunk.
	Number string
	// URI is a SIP URI to send the INVITE to (voicemail service).
	URI       string
	Voicemail bool
}

// FeatureResult is what a feature code did.
type FeatureResult struct {
	Code string
	// Action names what the B2BUA must do itself: "" when the use case
	// did all (settings changed), "call-pull" for 78811, "voicemail" to
	// connect to the voicemail service at URI.
	Action string
	URI    string
	// Result is a short text for the final answer's reason phrase.
	Result string
}

// CallControl is what the CTI interface and the use cases ask of the
// B2BUA: the calls of a workplace on this node and actions on them. Errors
// are coded: ENOTFOUND for a call that is not the workplace's, ECONFLICT
// for an action the call's state does not allow.
type CallControl interface {
	Calls(workplaceID string) []Call
	Call(workplaceID, callID string) (Call, error)
	// Dial places a click-to-dial call: the workplace's own devices ring
	// first (auto-answer where the phone supports it), then address.
	Dial(ctx context.Context, workplaceID, address string) (Call, error)
	Release(ctx context.Context, workplaceID, callID string) error
	Hold(ctx context.Context, workplaceID, callID string) error
	Talk(ctx context.Context, workplaceID, callID string) error
	BlindTransfer(ctx context.Context, workplaceID, callID, address string) error
	ConsultTransfer(ctx context.Context, workplaceID, callID, otherCallID string) error
	VoicemailTransfer(ctx context.Context, workplaceID, callID string) error
	// Retrieve pulls the workplace's active call to another of its
	// devices (78811).
	Retrieve(ctx context.Context, workplaceID string) (Call, error)
	// Conference joins the workplace's calls into a three-way conference
	// at the installation's conference service; ECONFLICT when none is
	// configured (the B2BUA relays signalling only and mixes no media).
	Conference(ctx context.Context, workplaceID string, callIDs []string) error
}
