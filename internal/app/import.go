package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// ImportResult is the answer to a device import: how many lines were read
// and the ids of the devices created, in the file's order.
type ImportResult struct {
	Rows    int      `json:"rows"`
	Created int      `json:"created"`
	Devices []string `json:"devices"`
}

// ImportDevices creates a customer's devices from a CSV file (issue 4):
// a header line naming the columns model, mac, description and workplace
// (a workplace's username, or empty for a free hot-desk device), optionally
// mac_provisioning (off or once), base (a DECT handset's base station:
// its id, or the MAC of a base of the customer or on an earlier line) and
// label_code (the code on the device label some redirect services ask
// for: Gigaset's MAC-ID code, Grandstream's serial number). The
// import is all or nothing, in one transaction: a file with any bad line
// creates nothing and the *ImportError lists every bad line by number.
// Administrators of the customer only.
func (s *Service) ImportDevices(ctx context.Context, p switchboard.Principal, customerID string, file io.Reader) (*ImportResult, error) {
	var rows []importRow
	var devices []importedDevice
	err := s.importFile(ctx, p, customerID, file, deviceImport, func(tx switchboard.Tx, now time.Time, lines []importRow, bad *ImportError) (audit, error) {
		rows = lines
		im := &importer{s: s, tx: tx, customerID: customerID, now: now, bad: bad,
			workplaces: map[string]*switchboard.Workplace{}, desks: map[string]int{},
			byMAC: map[string]importedDevice{}, onBase: map[string]int{}}
		var err error
		if im.inUse, err = macsInUse(tx, rows); err != nil {
			return audit{}, err
		}
		if devices, err = im.devices(rows); err != nil {
			return audit{}, err
		}
		if !bad.empty() {
			return audit{}, bad
		}
		for _, in := range devices {
			if err := tx.CreateDevice(in.d); err != nil {
				if code := switchboard.ErrorCode(err); code == switchboard.ECONFLICT || code == switchboard.EINVALID {
					bad.addErr(in.line, err)
					return audit{}, bad
				}
				return audit{}, fmt.Errorf("import line %d: %w", in.line, err)
			}
			if err := s.queueRedirect(tx, nil, in.d, false, now); err != nil {
				return audit{}, err
			}
		}
		return audit{customer: customerID, action: "device.import", object: customerID,
			detail: fmt.Sprintf("%d devices", len(devices))}, nil
	})
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Rows: len(rows), Created: len(devices), Devices: make([]string, len(devices))}
	var handsets []*switchboard.Device
	for i, in := range devices {
		res.Devices[i] = in.d.ID
		if in.d.BaseID != "" {
			handsets = append(handsets, in.d)
		}
	}
	// No profile of a new device can be cached anywhere yet; the bases'
	// profiles now carry the new handsets' lines.
	s.devicesChanged(ctx, handsets...)
	s.outboxWritten(ctx)
	return res, nil
}

// importer checks an import's lines against the store and each other,
// caching what it looked up so that 10,000 lines stay fast.
type importer struct {
	s          *Service
	tx         switchboard.Tx
	customerID string
	now        time.Time
	bad        *ImportError
	// workplaces by username (nil: none of this customer), desks counts the
	// desk phones per workplace id, existing and imported.
	workplaces map[string]*switchboard.Workplace
	desks      map[string]int
	// byMAC are the lines' devices by MAC; onBase counts the handsets per
	// base id, existing and imported.
	byMAC  map[string]importedDevice
	onBase map[string]int
	// inUse are the lines' MACs that devices have already.
	inUse map[string]bool
}

// macsInUse asks the store at once which of the lines' MACs devices have
// already, instead of a query per line. A MAC that is not valid is left
// for its line's check to report.
func macsInUse(tx switchboard.Tx, rows []importRow) (map[string]bool, error) {
	macs := make([]string, 0, len(rows))
	for _, r := range rows {
		if mac, err := switchboard.CanonicalMAC(r.get("mac")); err == nil {
			macs = append(macs, mac)
		}
	}
	used, err := tx.MACsInUse(macs)
	if err != nil {
		return nil, err
	}
	inUse := make(map[string]bool, len(used))
	for _, mac := range used {
		inUse[mac] = true
	}
	return inUse, nil
}

// importedDevice is a device of the file and the line it came from.
type importedDevice struct {
	d    *switchboard.Device
	line int
}

// devices builds a device from each line, recording every bad line.
func (im *importer) devices(rows []importRow) ([]importedDevice, error) {
	out := make([]importedDevice, 0, len(rows))
	for _, r := range rows {
		d, err := im.device(r)
		if err != nil {
			if code := switchboard.ErrorCode(err); code == switchboard.EINTERNAL || code == switchboard.EUNAVAILABLE {
				return nil, fmt.Errorf("import line %d: %w", r.line, err)
			}
			im.bad.addErr(r.line, err)
			continue
		}
		out = append(out, importedDevice{d: d, line: r.line})
	}
	return out, nil
}

// device checks one line and returns its device.
func (im *importer) device(r importRow) (*switchboard.Device, error) {
	m, ok := im.s.catalogue.Model(r.get("model"))
	if !ok {
		if r.get("model") == "" {
			return nil, switchboard.FieldErrorf("model", "the model is missing; GET /api/v1/models or `switchboard model list` lists the model ids")
		}
		return nil, switchboard.FieldErrorf("model", "unknown model %q; GET /api/v1/models or `switchboard model list` lists the model ids", r.get("model"))
	}
	d := &switchboard.Device{Model: m.ID, Kind: m.Kind, Description: r.get("description"), WebUser: defaultWebUser,
		Keys: []switchboard.FunctionKey{}}
	mac, mp, empty := r.get("mac"), switchboard.MACProvisioning(strings.ToLower(r.get("mac_provisioning"))), ""
	if err := checkDeviceText(d); err != nil {
		return nil, err
	}
	if err := im.s.applyDeviceSecrets(d, DevicePatch{MAC: &mac, MACProvisioning: &mp, AdminPassword: &empty, WebPassword: &empty}); err != nil {
		return nil, err
	}
	code := r.get("label_code")
	if err := applyLabelCode(d, &code); err != nil {
		return nil, err
	}
	if d.MAC != "" {
		if first, dup := im.byMAC[d.MAC]; dup {
			return nil, switchboard.FieldErrorf("mac", "MAC %s is also on line %d; each device needs its own MAC", d.MAC, first.line)
		}
		if im.inUse[d.MAC] {
			return nil, &switchboard.Error{Code: switchboard.ECONFLICT, Field: "mac", Message: fmt.Sprintf("MAC %s is already registered for another device", d.MAC)}
		}
	}
	workplaceID, err := im.workplace(r.get("workplace"), m)
	if err != nil {
		return nil, err
	}
	issueDevice(d, im.customerID, workplaceID, im.now)
	if err := im.base(d, r.get("base")); err != nil {
		return nil, err
	}
	if d.MAC != "" {
		im.byMAC[d.MAC] = importedDevice{d: d, line: r.line}
	}
	return d, nil
}

// workplace resolves a line's workplace username within the customer and
// counts the desk phone against the workplace's limit (seed 003: one, two
// with multi-login). An empty username leaves the device free.
func (im *importer) workplace(username string, m switchboard.Model) (string, error) {
	if username == "" {
		return "", nil
	}
	w, cached := im.workplaces[username]
	if !cached {
		var err error
		w, err = im.tx.WorkplaceByUsername(username)
		switch {
		case err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND:
			return "", err
		case err != nil || w.CustomerID != im.customerID:
			w = nil
		}
		im.workplaces[username] = w
	}
	switch {
	case w == nil:
		return "", switchboard.FieldErrorf("workplace", "the customer has no workplace with the username %q", username)
	case w.State == switchboard.WorkplaceDeleted:
		return "", &switchboard.Error{Code: switchboard.ECONFLICT, Field: "workplace", Message: fmt.Sprintf("workplace %q has been deleted", username)}
	}
	if m.Kind == switchboard.KindDeskPhone {
		if _, counted := im.desks[w.ID]; !counted {
			n, err := countDeskDevices(im.tx, w.ID)
			if err != nil {
				return "", err
			}
			im.desks[w.ID] = n
		}
		limit := 1
		if w.MultiLogin {
			limit = 2
		}
		if im.desks[w.ID] >= limit {
			return "", &switchboard.Error{Code: switchboard.ECONFLICT, Field: "workplace", Message: fmt.Sprintf(
				"workplace %q would get more than %d desk phone(s), the most allowed (two only with multi-login)", username, limit)}
		}
		im.desks[w.ID]++
	}
	return w.ID, nil
}

// base attaches a handset to its base station, named by id or MAC, of the
// customer or on an earlier line, and checks that the handset fits it.
func (im *importer) base(d *switchboard.Device, ref string) error {
	if d.Kind != switchboard.KindDECTHandset {
		if ref != "" {
			return switchboard.FieldErrorf("base", "only a DECT handset has a base station")
		}
		return nil
	}
	if ref == "" {
		return switchboard.FieldErrorf("base", "a DECT handset gets its configuration from its base station: give the base's id or MAC in the base column")
	}
	var b *switchboard.Device
	if mac, err := switchboard.CanonicalMAC(ref); err == nil {
		if in, ok := im.byMAC[mac]; ok {
			b = in.d
		} else if b, err = im.tx.DeviceByMAC(mac); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
	} else {
		if b, err = im.tx.Device(ref); err != nil && switchboard.ErrorCode(err) != switchboard.ENOTFOUND {
			return err
		}
	}
	if b == nil || b.CustomerID != im.customerID {
		return switchboard.FieldErrorf("base", "base %q is neither a DECT base station of this customer nor on an earlier line of the file", ref)
	}
	n, counted := im.onBase[b.ID]
	if !counted {
		hs, err := allDevices(im.tx, switchboard.DeviceFilter{BaseID: b.ID})
		if err != nil {
			return err
		}
		n = len(hs)
	}
	if err := im.s.checkHandsetBase(d.Model, b, n); err != nil {
		return err
	}
	im.onBase[b.ID] = n + 1
	d.BaseID = b.ID
	return nil
}
