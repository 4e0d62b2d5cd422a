package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// fleetListMax bounds each device list of the fleet statistics: the counts
// are complete, the lists name the first devices in id order, enough for a
// page to link to them without answering megabytes for 100,000 devices.
const fleetListMax = 100

// defaultResync is the resync interval assumed for the stale threshold
// when the operator configured none: phones' factory setting is daily.
const defaultResync = 24 * time.Hour

// Fleet is the state of a customer's devices, or of every customer's for
// the operator, at one moment: the fleet page shows it.
type Fleet struct {
	// Customer is the customer counted, empty for all.
	Customer string    `json:"customer,omitempty"`
	At       time.Time `json:"at"`
	Devices  int       `json:"devices"`
	// ShouldRegister counts the devices with a SIP account of their own;
	// OnlineShare is Online divided by it (0 when there are none).
	ShouldRegister int     `json:"should_register"`
	Online         int     `json:"online"`
	OnlineShare    float64 `json:"online_share"`
	// ByModel counts devices per catalogue model; ByFirmware per model and
	// the firmware version of the last User-Agent seen ("" when unknown).
	ByModel    []FleetCount `json:"by_model"`
	ByFirmware []FleetCount `json:"by_firmware"`
	// NeverSeen are devices that neither fetched a profile nor registered.
	NeverSeen FleetList `json:"never_seen"`
	// Stale are devices seen once but offline and without a fetch for
	// longer than StaleAfterSeconds: twice the resync interval, so one
	// missed resync is not yet stale.
	Stale             FleetList `json:"stale"`
	StaleAfterSeconds int64     `json:"stale_after_seconds"`
	// DoubleRegistrations are devices registered from two places at once.
	DoubleRegistrations FleetList `json:"double_registrations"`
}

// FleetCount is the number of devices of one model (and firmware).
type FleetCount struct {
	Model    string `json:"model"`
	Firmware string `json:"firmware,omitempty"`
	Devices  int    `json:"devices"`
}

// FleetList is a complete count and the first devices of a kind.
type FleetList struct {
	Count   int           `json:"count"`
	Devices []FleetDevice `json:"devices"`
}

// FleetDevice names a device in a fleet list.
type FleetDevice struct {
	ID          string `json:"id"`
	Customer    string `json:"customer"`
	Model       string `json:"model"`
	Description string `json:"description"`
	// LastSeen is the last profile fetch, zero when there was none.
	LastSeen time.Time `json:"last_seen,omitzero"`
}

// add counts d and keeps it when the list has room.
func (l *FleetList) add(d *switchboard.DeviceSummary) {
	l.Count++
	if len(l.Devices) < fleetListMax {
		l.Devices = append(l.Devices, FleetDevice{ID: d.ID, Customer: d.CustomerID, Model: d.Model, Description: d.Description, LastSeen: d.LastAccessAt})
	}
}

// CustomerFleet returns the fleet statistics of a customer to its
// administrators and the operator.
func (s *Service) CustomerFleet(ctx context.Context, p switchboard.Principal, customerID string) (*Fleet, error) {
	if err := s.view(ctx, func(tx switchboard.Tx) error {
		_, err := s.customerFor(tx, p, customerID)
		return err
	}); err != nil {
		return nil, err
	}
	return s.fleet(ctx, customerID)
}

// Fleet returns the statistics of every customer's devices to the operator
// and of the own customer's to an administrator.
func (s *Service) Fleet(ctx context.Context, p switchboard.Principal) (*Fleet, error) {
	switch p.Role {
	case switchboard.RoleOperator:
		return s.fleet(ctx, "")
	case switchboard.RoleAdmin:
		return s.CustomerFleet(ctx, p, p.CustomerID)
	}
	return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "only administrators may read fleet statistics")
}

// fleet makes one pass over the devices' summaries (no secrets opened), a
// page per read transaction with the registrar's statuses of the page
// asked for at once outside it, keeping only counters and the bounded
// lists.
func (s *Service) fleet(ctx context.Context, customerID string) (*Fleet, error) {
	now := s.clock()
	resync := s.time.Resync
	if resync <= 0 {
		resync = defaultResync
	}
	staleAfter := 2 * resync
	f := &Fleet{Customer: customerID, At: now, StaleAfterSeconds: int64(staleAfter / time.Second)}
	models, firmware := map[string]int{}, map[[2]string]int{}
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		var ds []*switchboard.DeviceSummary
		var next string
		if err := s.view(ctx, func(tx switchboard.Tx) error {
			var err error
			ds, next, err = tx.DeviceSummaries(customerID, page)
			return err
		}); err != nil {
			return nil, err
		}
		sts := s.deviceStatuses(ds)
		for i, d := range ds {
			st := sts[i]
			f.Devices++
			models[d.Model]++
			firmware[[2]string{d.Model, s.firmwareOf(d, st)}]++
			if d.HasSIP {
				f.ShouldRegister++
			}
			online := st.State == switchboard.StateOnline
			switch {
			case online:
				f.Online++
			case d.LastAccessAt.IsZero() && st.IP == "" && st.LastIP == "":
				f.NeverSeen.add(d)
			case now.Sub(d.LastAccessAt) > staleAfter:
				f.Stale.add(d)
			}
			if st.DoubleRegistration {
				f.DoubleRegistrations.add(d)
			}
		}
		if next == "" || ctx.Err() != nil {
			break
		}
		page.After = next
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f.ShouldRegister > 0 {
		f.OnlineShare = float64(f.Online) / float64(f.ShouldRegister)
	}
	for m, n := range models {
		f.ByModel = append(f.ByModel, FleetCount{Model: m, Devices: n})
	}
	for k, n := range firmware {
		f.ByFirmware = append(f.ByFirmware, FleetCount{Model: k[0], Firmware: k[1], Devices: n})
	}
	f.ByModel, f.ByFirmware = orEmpty(f.ByModel), orEmpty(f.ByFirmware)
	sortCounts(f.ByModel)
	sortCounts(f.ByFirmware)
	for _, l := range []*FleetList{&f.NeverSeen, &f.Stale, &f.DoubleRegistrations} {
		l.Devices = orEmpty(l.Devices)
	}
	return f, nil
}

// deviceStatus is the registrar's status of a device, offline without one.
func (s *Service) deviceStatus(id string) switchboard.DeviceStatus {
	if s.registrar == nil {
		return switchboard.DeviceStatus{State: switchboard.StateOffline}
	}
	return s.registrar.Status(id)
}

// deviceStatuses are the registrar's statuses of a page of devices, asked
// for at once; all offline without a registrar.
func (s *Service) deviceStatuses(ds []*switchboard.DeviceSummary) []switchboard.DeviceStatus {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return s.statusesOf(ids)
}

// statusesOf are the registrar's statuses of the devices ids, asked for at
// once; all offline without a registrar.
func (s *Service) statusesOf(ids []string) []switchboard.DeviceStatus {
	if s.registrar == nil {
		out := make([]switchboard.DeviceStatus, len(ids))
		for i := range out {
			out[i].State = switchboard.StateOffline
		}
		return out
	}
	return s.registrar.Statuses(ids)
}

// RegistrationStates are the registration states, online or offline, of
// devices a list use case returned to its caller, from the registrar's
// memory alone: a list page shows no more, where Status reads the line's
// block and the firmware target from the store for each device.
func (s *Service) RegistrationStates(ds []*DeviceView) []string {
	ids := make([]string, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	out := make([]string, len(ds))
	for i, st := range s.statusesOf(ids) {
		out[i] = shownState(st.State)
	}
	return out
}

// shownState is the registration state as users see it: online, or
// offline for anything else the registrar tells.
func shownState(state string) string {
	if state == switchboard.StateOnline {
		return switchboard.StateOnline
	}
	return switchboard.StateOffline
}

// firmwareOf reads the firmware from the current registration's
// User-Agent, else the last fetch's, else the last registration's.
func (s *Service) firmwareOf(d *switchboard.DeviceSummary, st switchboard.DeviceStatus) string {
	if s.firmware == nil {
		return ""
	}
	ua := d.LastAccessUserAgent
	if st.State == switchboard.StateOnline || ua == "" {
		ua = st.UserAgent
	}
	return s.firmware(ua)
}

// sortCounts puts the largest groups first, then by model and firmware.
func sortCounts(cs []FleetCount) {
	slices.SortFunc(cs, func(a, b FleetCount) int {
		return cmp.Or(cmp.Compare(b.Devices, a.Devices), cmp.Compare(a.Model, b.Model), cmp.Compare(a.Firmware, b.Firmware))
	})
}
