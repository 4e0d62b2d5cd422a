package app

import (
	"context"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CTIUser is a workplace as the CTI interface addresses it: Xsi's user id
// is the workplace's username, also written username@<SIP domain>.
type CTIUser struct {
	Workplace *switchboard.Workplace
	Customer  *switchboard.Customer
}

// CTIUser finds the active workplace userID names and checks that p may
// watch it: its own user, the customer's administrators and monitoring
// accounts. Anyone else, and an unknown user, get ENOTFOUND.
func (s *Service) CTIUser(ctx context.Context, p switchboard.Principal, userID string) (*CTIUser, error) {
	userID = strings.ToLower(strings.TrimSpace(userID))
	u := &CTIUser{}
	err := s.view(ctx, func(tx switchboard.Tx) error {
		w, err := tx.WorkplaceByUsername(userID)
		domain := ""
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			if at := strings.LastIndexByte(userID, '@'); at > 0 {
				domain = userID[at+1:]
				w, err = tx.WorkplaceByUsername(userID[:at])
			}
		}
		if err != nil {
			return err
		}
		if u.Customer, err = tx.Customer(w.CustomerID); err != nil {
			return err
		}
		if domain != "" && domain != u.Customer.SIPDomain {
			return notFound("user", userID)
		}
		u.Workplace = w
		return nil
	})
	if err != nil {
		return nil, asNotFound(err, "user", userID)
	}
	if err := mayWatchCalls(p, u.Workplace); err != nil {
		return nil, notFound("user", userID)
	}
	if u.Workplace.State != switchboard.WorkplaceActive {
		return nil, notFound("user", userID)
	}
	return u, nil
}

// mayWatchCalls allows the workplace's own user and the customer's
// administrators and monitoring accounts.
func mayWatchCalls(p switchboard.Principal, w *switchboard.Workplace) error {
	if p.CanMonitor(w.CustomerID) || p.CanSeeWorkplace(w.CustomerID, w.ID) {
		return nil
	}
	return notFound("workplace", w.ID)
}

// mayActOnCalls allows the workplace's own user and the customer's
// administrators; a monitoring account watches and is forbidden to act
// (seed 002).
func mayActOnCalls(p switchboard.Principal, w *switchboard.Workplace) error {
	if err := mayWatchCalls(p, w); err != nil {
		return err
	}
	if p.Role == switchboard.RoleMonitor {
		return switchboard.Errorf(switchboard.EFORBIDDEN, "a monitoring account may watch calls but not act on them")
	}
	return nil
}

// CTICheckAct reports whether p may act on the calls and change the call
// settings of the workplace: EFORBIDDEN for a monitoring account,
// ENOTFOUND for whoever may not see the workplace.
func (s *Service) CTICheckAct(ctx context.Context, p switchboard.Principal, workplaceID string) error {
	w, err := s.ctiWorkplace(ctx, workplaceID)
	if err != nil {
		return err
	}
	return mayActOnCalls(p, w)
}

// ctiWorkplace reads the workplace of a call request.
func (s *Service) ctiWorkplace(ctx context.Context, workplaceID string) (*switchboard.Workplace, error) {
	var w *switchboard.Workplace
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		w, err = tx.Workplace(workplaceID)
		return err
	})
	return w, asNotFound(err, "workplace", workplaceID)
}

// errNoCallControl answers call requests on a node that runs no B2BUA.
var errNoCallControl = switchboard.Errorf(switchboard.EUNAVAILABLE, "calls are not controlled on this node")

// CTICalls lists the workplace's calls on this node's B2BUA.
func (s *Service) CTICalls(ctx context.Context, p switchboard.Principal, workplaceID string) ([]switchboard.Call, error) {
	w, err := s.ctiWorkplace(ctx, workplaceID)
	if err != nil {
		return nil, err
	}
	if err := mayWatchCalls(p, w); err != nil {
		return nil, err
	}
	if s.Calls == nil {
		return nil, nil
	}
	return s.Calls.Calls(w.ID), nil
}

// CTICall returns one of the workplace's calls; ENOTFOUND when it has no
// such call.
func (s *Service) CTICall(ctx context.Context, p switchboard.Principal, workplaceID, callID string) (switchboard.Call, error) {
	w, err := s.ctiWorkplace(ctx, workplaceID)
	if err != nil {
		return switchboard.Call{}, err
	}
	if err := mayWatchCalls(p, w); err != nil {
		return switchboard.Call{}, err
	}
	if s.Calls == nil {
		return switchboard.Call{}, notFound("call", callID)
	}
	return s.Calls.Call(w.ID, callID)
}

// Call actions of a CTI client (CallAction.Kind).
const (
	CallRelease           = "release"
	CallHold              = "hold"
	CallTalk              = "talk"
	CallBlindTransfer     = "blind-transfer"
	CallConsultTransfer   = "consult-transfer"
	CallVoicemailTransfer = "voicemail-transfer"
	CallConference        = "conference"
	CallDial              = "dial"
	CallRetrieve          = "retrieve"
)

// CallAction is what a CTI client asks to be done with a workplace's
// calls: Kind is one of the call actions, CallID the call acted on,
// OtherCallID the consultation call of a transfer, Address the number to
// dial or transfer to, CallIDs the calls of a conference.
type CallAction struct {
	Kind        string   `json:"kind"`
	CallID      string   `json:"call,omitempty"`
	OtherCallID string   `json:"other_call,omitempty"`
	Address     string   `json:"address,omitempty"`
	CallIDs     []string `json:"calls,omitempty"`
}

// CTIAct carries out a on the workplace's calls through the B2BUA
// (Service.Calls: this node's, or a CallRelay reaching every node's), and
// returns the call it placed or pulled (dial, retrieve).
// Only the workplace's own user and the customer's administrators may act
// (mayActOnCalls).
func (s *Service) CTIAct(ctx context.Context, p switchboard.Principal, workplaceID string, a CallAction) (switchboard.Call, error) {
	w, err := s.ctiWorkplace(ctx, workplaceID)
	if err != nil {
		return switchboard.Call{}, err
	}
	if err := mayActOnCalls(p, w); err != nil {
		return switchboard.Call{}, err
	}
	if s.Calls == nil {
		return switchboard.Call{}, errNoCallControl
	}
	return actOn(ctx, s.Calls, w.ID, a)
}

// actOn carries out a on the workplace's calls through cc and returns the
// call it placed or pulled (dial, retrieve): for CTIAct, and for a node
// carrying out what another node was asked (CallRelay).
func actOn(ctx context.Context, cc switchboard.CallControl, workplaceID string, a CallAction) (switchboard.Call, error) {
	var err error
	switch a.Kind {
	case CallDial:
		if strings.TrimSpace(a.Address) == "" {
			return switchboard.Call{}, switchboard.FieldErrorf("address", "give the number to dial")
		}
		return cc.Dial(ctx, workplaceID, strings.TrimSpace(a.Address))
	case CallRetrieve:
		return cc.Retrieve(ctx, workplaceID)
	case CallRelease:
		err = cc.Release(ctx, workplaceID, a.CallID)
	case CallHold:
		err = cc.Hold(ctx, workplaceID, a.CallID)
	case CallTalk:
		err = cc.Talk(ctx, workplaceID, a.CallID)
	case CallBlindTransfer:
		if strings.TrimSpace(a.Address) == "" {
			return switchboard.Call{}, switchboard.FieldErrorf("address", "give the number to transfer to")
		}
		err = cc.BlindTransfer(ctx, workplaceID, a.CallID, strings.TrimSpace(a.Address))
	case CallConsultTransfer:
		err = cc.ConsultTransfer(ctx, workplaceID, a.CallID, a.OtherCallID)
	case CallVoicemailTransfer:
		err = cc.VoicemailTransfer(ctx, workplaceID, a.CallID)
	case CallConference:
		err = cc.Conference(ctx, workplaceID, a.CallIDs)
	default:
		err = switchboard.Errorf(switchboard.EINVALID, "unknown call action %q", a.Kind)
	}
	return switchboard.Call{}, err
}

// CTIMonitorCustomer checks that p may watch the calls of every
// workplace of the customer (CanMonitor) and returns it: a user of the
// customer is forbidden, anyone else gets ENOTFOUND.
func (s *Service) CTIMonitorCustomer(ctx context.Context, p switchboard.Principal, customerID string) (*switchboard.Customer, error) {
	if !p.CanMonitor(customerID) {
		if p.CustomerID == customerID {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "only an administrator or a monitoring account may watch every user")
		}
		return nil, notFound("customer", customerID)
	}
	var c *switchboard.Customer
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		c, err = tx.Customer(customerID)
		return err
	})
	return c, asNotFound(err, "customer", customerID)
}

// CTIUserOf returns the workplace as a CTI user, for naming the target of
// an event of a whole customer's subscription; the same access as
// CTIUser.
func (s *Service) CTIUserOf(ctx context.Context, p switchboard.Principal, workplaceID string) (*CTIUser, error) {
	w, err := s.ctiWorkplace(ctx, workplaceID)
	if err != nil {
		return nil, err
	}
	return s.CTIUser(ctx, p, w.Username)
}
