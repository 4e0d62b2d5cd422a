package app

import (
	switchboard "github.com/switchboard-pbx/switchboard"
)

// routeForWorkplace routes a call the workplace places through CTI
// (click-to-dial, CallRequest.WorkplaceID): the destination as if its
// first device dialled it, and as Origin where the workplace answers
// first: its devices, or its remote office number when that is on (seed
// 002: calls placed through CTI start at the remote office), unless the
// remote office is a public number and the workplace is over its TopStop,
// when its devices answer as if the remote office were off. With
// OwnDevices it answers only the devices.
func (s *Service) routeForWorkplace(tx switchboard.Tx, req switchboard.CallRequest) (*switchboard.CallRoute, error) {
	w, err := tx.Workplace(req.WorkplaceID)
	if err != nil {
		return nil, asNotFound(err, "workplace", req.WorkplaceID)
	}
	own, err := workplaceDevices(tx, w.ID)
	if err != nil {
		return nil, err
	}
	if len(own.DeviceIDs) == 0 {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "workplace %q has no device to place the call from", w.ID)
	}
	if req.OwnDevices {
		return &switchboard.CallRoute{CustomerID: w.CustomerID, CallerWorkplaceID: w.ID, Origin: &own}, nil
	}
	r, err := s.routeFromDevice(tx, switchboard.CallRequest{DeviceID: own.DeviceIDs[0], Dialled: req.Dialled})
	if err != nil {
		return nil, err
	}
	r.Origin = &own
	cs, err := callSettingsOf(tx, w)
	if err != nil || !cs.RemoteOffice {
		return r, err
	}
	country := ""
	if len(w.Numbers) > 0 {
		country = switchboard.CountryCode(w.Numbers[0])
	} else if country, err = customerCountry(tx, w.CustomerID); err != nil {
		return nil, err
	}
	office, ok, err := s.onward(tx, w, country, cs.RemoteOfficeNumber)
	if err != nil || !ok {
		return r, err
	}
	r.Origin = &office
	return r, nil
}
