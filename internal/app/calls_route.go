package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

var _ switchboard.CallRouter = (*Service)(nil)

// Route decides where a call the B2BUA accepted goes (issue 16): a feature
// code is carried out; an extension or a number of the customer rings the
// callee's workplace as its call settings say; any other number leaves
// through the customer's trunk. Refusals are in CallRoute.Refused; the
// error is for a failure of the store.
func (s *Service) Route(ctx context.Context, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	var r *switchboard.CallRoute
	var err error
	switch {
	case req.DeviceID != "":
		if fc, ok := switchboard.ParseFeatureCode(req.Dialled); ok {
			r, err = s.feature(ctx, req.DeviceID, fc)
			break
		}
		err = s.view(ctx, func(tx switchboard.Tx) error {
			var err error
			r, err = s.routeFromDevice(tx, req)
			return err
		})
	case req.TrunkID != "":
		err = s.view(ctx, func(tx switchboard.Tx) error {
			var err error
			r, err = s.routeFromTrunk(tx, req)
			return err
		})
	case req.WorkplaceID != "":
		err = s.view(ctx, func(tx switchboard.Tx) error {
			var err error
			r, err = s.routeForWorkplace(tx, req)
			return err
		})
	default:
		err = switchboard.Errorf(switchboard.ENOTFOUND, "a call comes from a device or a trunk")
	}
	return refusal(r, err)
}

// refusal turns a coded error into a refused route; other errors stay.
func refusal(r *switchboard.CallRoute, err error) (*switchboard.CallRoute, error) {
	switch switchboard.ErrorCode(err) {
	case "":
		return r, nil
	case switchboard.ENOTFOUND, switchboard.EFORBIDDEN, switchboard.ECONFLICT, switchboard.EINVALID, switchboard.ERATELIMIT:
		if r == nil {
			r = &switchboard.CallRoute{}
		}
		r.Refused = err
		return r, nil
	}
	return nil, err
}

// callParty is the calling side as the router found it.
type callParty struct {
	customer string
	country  string
	device   *switchboard.Device
	w        *switchboard.Workplace
}

// routeFromDevice routes a call a device placed.
func (s *Service) routeFromDevice(tx switchboard.Tx, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	d, err := tx.Device(req.DeviceID)
	if err != nil {
		return nil, asNotFound(err, "device", req.DeviceID)
	}
	if d.LineWorkplace() == "" {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "device %q carries no workplace's line; link it or log in by hot-desking first", d.ID)
	}
	w, err := tx.Workplace(d.LineWorkplace())
	if err != nil {
		return nil, asNotFound(err, "workplace", d.LineWorkplace())
	}
	from := callParty{customer: d.CustomerID, device: d, w: w}
	if len(w.Numbers) > 0 {
		from.country = switchboard.CountryCode(w.Numbers[0])
	} else if from.country, err = customerCountry(tx, d.CustomerID); err != nil {
		return nil, err
	}
	r := &switchboard.CallRoute{CustomerID: d.CustomerID, CallerWorkplaceID: w.ID, CallerNumber: w.Extension,
		CallerName: strings.TrimSpace(w.FirstName + " " + w.LastName)}
	callee, err := s.internalCallee(tx, from.customer, from.country, req.Dialled)
	if err != nil {
		return nil, err
	}
	if callee != nil {
		return r, s.ringWorkplace(tx, r, callee, from.country)
	}
	number, ok := switchboard.DialledNumber(req.Dialled, from.country)
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "%q is no extension of the customer and no phone number", req.Dialled)
	}
	if switchboard.LineBlocked(d, w) {
		return nil, switchboard.Errorf(switchboard.EFORBIDDEN,
			"the line of this phone is blocked for calls to the public network (fraud protection); internal calls still work, and an administrator of the customer can unblock the device or workplace")
	}
	t, err := firstTrunk(tx, d.CustomerID)
	if err != nil {
		return nil, err
	}
	r.CallerNumber = callerNumber(w, t)
	if err := s.topStop(tx, w, r.CallerNumber); err != nil {
		return nil, err
	}
	r.Targets = []switchboard.CallTarget{{TrunkID: t.ID, Number: number}}
	return r, nil
}

// routeFromTrunk routes a call a trunk delivered: the dialled number must
// be one of the trunk customer's numbers, assigned to a workplace.
func (s *Service) routeFromTrunk(tx switchboard.Tx, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	t, err := tx.Trunk(req.TrunkID)
	if err != nil {
		return nil, asNotFound(err, "trunk", req.TrunkID)
	}
	country, err := customerCountry(tx, t.CustomerID)
	if err != nil {
		return nil, err
	}
	r := &switchboard.CallRoute{CustomerID: t.CustomerID, CallerNumber: req.CallerNumber, CallerName: req.CallerName}
	number, ok := switchboard.DialledNumber(req.Dialled, country)
	if !ok {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "%q is not a number of the customer", req.Dialled)
	}
	callee, err := numberWorkplace(tx, t.CustomerID, number)
	if err != nil {
		return nil, err
	}
	return r, s.ringWorkplace(tx, r, callee, country)
}

// internalCallee finds the workplace an extension or a number of the
// customer dialled belongs to; nil for anything else.
func (s *Service) internalCallee(tx switchboard.Tx, customerID, country, dialled string) (*switchboard.Workplace, error) {
	if w, err := extensionWorkplace(tx, customerID, dialled); w != nil || err != nil {
		return w, err
	}
	number, ok := switchboard.DialledNumber(dialled, country)
	if !ok {
		return nil, nil
	}
	n, err := tx.Number(number)
	switch {
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND || err == nil && n.CustomerID != customerID:
		return nil, nil
	case err != nil:
		return nil, err
	}
	return numberWorkplace(tx, customerID, number)
}

// extensionWorkplace finds the customer's live workplace of an extension;
// nil when none has it.
func extensionWorkplace(tx switchboard.Tx, customerID, ext string) (*switchboard.Workplace, error) {
	if !allDigitsShort(ext) {
		return nil, nil
	}
	w, err := tx.WorkplaceByExtension(customerID, ext)
	if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
		return nil, nil
	}
	return w, err
}

// allDigitsShort says whether s could be an extension at all: 1 to 8
// digits.
func allDigitsShort(s string) bool {
	return len(s) > 0 && len(s) <= 8 && strings.Trim(s, "0123456789") == ""
}

// numberWorkplace returns the workplace a number of the customer is
// assigned to.
func numberWorkplace(tx switchboard.Tx, customerID, number string) (*switchboard.Workplace, error) {
	n, err := tx.Number(number)
	if err != nil || n.CustomerID != customerID {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "%s is not a number of the customer", number)
	}
	if n.WorkplaceID == "" {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "%s is assigned to no workplace", number)
	}
	return tx.Workplace(n.WorkplaceID)
}

// firstTrunk is the customer's trunk for outgoing calls: the first by
// name.
func firstTrunk(tx switchboard.Tx, customerID string) (*switchboard.Trunk, error) {
	var first *switchboard.Trunk
	err := eachTrunk(tx, customerID, func(t *switchboard.Trunk) bool {
		if first == nil || t.Name < first.Name {
			first = t
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if first == nil {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no trunk: the customer has no trunk for calls to the public network")
	}
	return first, nil
}

// ringWorkplace fills r with the targets of a call to w as its call
// settings say: busy on do not disturb, the one target of a forwarding,
// the remote office instead of the devices, the parallel numbers with
// them, and the voicemail after the no-answer delay. A forwarding, remote
// office or parallel number that would take the call to the public
// network while w is over its TopStop is left out (onward).
func (s *Service) ringWorkplace(tx switchboard.Tx, r *switchboard.CallRoute, w *switchboard.Workplace, country string) error {
	if w.State != switchboard.WorkplaceActive {
		return switchboard.Errorf(switchboard.ENOTFOUND, "workplace %q is %s and takes no calls", w.ID, w.State)
	}
	cs, err := callSettingsOf(tx, w)
	if err != nil {
		return err
	}
	switch {
	case cs.DoNotDisturb:
		return switchboard.Errorf(switchboard.ECONFLICT, "busy: the callee does not want to be disturbed")
	case cs.ForwardAlways && cs.ForwardTo == "":
		t, err := s.voicemailTarget(w)
		r.Targets = []switchboard.CallTarget{t}
		return err
	case cs.ForwardAlways, cs.RemoteOffice:
		dest := cs.ForwardTo
		if !cs.ForwardAlways {
			dest = cs.RemoteOfficeNumber
		}
		t, ok, err := s.onward(tx, w, country, dest)
		if err != nil || ok {
			r.Targets = []switchboard.CallTarget{t}
			return err
		}
	}
	own, err := workplaceDevices(tx, w.ID)
	if err != nil {
		return err
	}
	if len(own.DeviceIDs) > 0 {
		r.Targets = append(r.Targets, own)
	}
	if cs.ParallelRinging {
		for _, n := range cs.ParallelRingingNumbers {
			t, ok, err := s.onward(tx, w, country, n)
			if err != nil {
				return err
			}
			if ok {
				r.Targets = append(r.Targets, t)
			}
		}
	}
	if cs.Voicemail && s.voicemailURI != "" {
		vm, _ := s.voicemailTarget(w)
		if len(r.Targets) == 0 {
			r.Targets = []switchboard.CallTarget{vm}
			return nil
		}
		r.NoAnswer, r.NoAnswerAfter = &vm, time.Duration(cs.NoAnswerSeconds)*time.Second
	}
	if len(r.Targets) == 0 {
		return switchboard.Errorf(switchboard.ENOTFOUND, "workplace %q has no phone to ring", w.ID)
	}
	return nil
}

// voicemailTarget is the workplace's mailbox at the voicemail service.
func (s *Service) voicemailTarget(w *switchboard.Workplace) (switchboard.CallTarget, error) {
	if s.voicemailURI == "" {
		return switchboard.CallTarget{}, switchboard.Errorf(switchboard.ENOTFOUND, "no voicemail service is configured")
	}
	return switchboard.CallTarget{WorkplaceID: w.ID, URI: s.voicemailURI, Voicemail: true}, nil
}

// destination is the target of a forwarding, remote office or parallel
// number: the devices of the customer's workplace it names, else the
// number through the customer's trunk.
func destination(tx switchboard.Tx, customerID, country, dest string) (switchboard.CallTarget, error) {
	var w *switchboard.Workplace
	var err error
	if strings.HasPrefix(dest, "+") {
		w, err = numberOwner(tx, customerID, dest)
	} else {
		w, err = extensionWorkplace(tx, customerID, dest)
	}
	if err != nil {
		return switchboard.CallTarget{}, err
	}
	if w != nil {
		return workplaceDevices(tx, w.ID)
	}
	if _, ok := switchboard.DialledNumber(dest, country); !ok {
		return switchboard.CallTarget{}, switchboard.Errorf(switchboard.ENOTFOUND, "%q is no extension of the customer", dest)
	}
	t, err := firstTrunk(tx, customerID)
	if err != nil {
		return switchboard.CallTarget{}, err
	}
	return switchboard.CallTarget{TrunkID: t.ID, Number: dest}, nil
}

// numberOwner returns the workplace of a number the customer has
// assigned, nil for any other number.
func numberOwner(tx switchboard.Tx, customerID, number string) (*switchboard.Workplace, error) {
	n, err := tx.Number(number)
	switch {
	case switchboard.ErrorCode(err) == switchboard.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	case n.CustomerID != customerID || n.WorkplaceID == "":
		return nil, nil
	}
	return tx.Workplace(n.WorkplaceID)
}

// workplaceDevices is the target ringing every device whose line is the
// workplace's: linked desk phones, DECT handsets and soft clients, and
// desk phones it is logged in on by hot-desking.
func workplaceDevices(tx switchboard.Tx, workplaceID string) (switchboard.CallTarget, error) {
	t := switchboard.CallTarget{WorkplaceID: workplaceID, DeviceIDs: []string{}}
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		ds, next, err := tx.Devices(switchboard.DeviceFilter{WorkplaceID: workplaceID}, page)
		if err != nil {
			return t, fmt.Errorf("devices of workplace %s: %w", workplaceID, err)
		}
		for _, d := range ds {
			t.DeviceIDs = append(t.DeviceIDs, d.ID)
		}
		if next == "" {
			break
		}
		page.After = next
	}
	hot, err := tx.HotDeskDevices(workplaceID)
	if err != nil {
		return t, fmt.Errorf("hot-desk devices of workplace %s: %w", workplaceID, err)
	}
	for _, d := range hot {
		if !slices.Contains(t.DeviceIDs, d.ID) {
			t.DeviceIDs = append(t.DeviceIDs, d.ID)
		}
	}
	return t, nil
}
