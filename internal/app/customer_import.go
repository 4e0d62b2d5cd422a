package app

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// CustomerImport counts what an import created.
type CustomerImport struct {
	Customer         string `json:"customer"`
	Sites            int    `json:"sites"`
	Numbers          int    `json:"numbers"`
	Workplaces       int    `json:"workplaces"`
	Devices          int    `json:"devices"`
	Contacts         int    `json:"contacts"`
	RedirectAccounts int    `json:"redirect_accounts"`
	Trunks           int    `json:"trunks"`
}

// ImportCustomer creates a customer from an export (ExportCustomer made
// with a passphrase) with every record as it was, ids, keys and SIP
// accounts included, so phones keep their provisioning URLs and get the
// same profiles: all of it in one transaction or nothing. The operator
// only. EINVALID for a file of another format or a newer version, one
// without secrets, a wrong passphrase, a record that breaks a rule or
// refers to a record the file does not hold; ECONFLICT when an id, MAC,
// SIP account, username or number exists already.
func (s *Service) ImportCustomer(ctx context.Context, p switchboard.Principal, passphrase string, in *Export) (*CustomerImport, error) {
	if err := mayOperate(p); err != nil {
		return nil, err
	}
	if err := s.checkExport(in); err != nil {
		return nil, err
	}
	secrets, err := in.Secrets.open(passphrase, in.Version, in.Customer.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range in.Devices {
		ds, ok := secrets.Devices[d.ID]
		if !ok || !validAccessKey(ds.AccessKey) {
			return nil, switchboard.FieldErrorf("secrets", "the secrets hold no access key for device %q", d.ID)
		}
		ds.apply(d)
	}
	for _, w := range in.Workplaces {
		secrets.Workplaces[w.ID].apply(w)
	}
	for _, a := range in.RedirectAccounts {
		a.Credentials = secrets.RedirectAccounts[a.ID]
	}
	for _, t := range in.Trunks {
		t.Password = secrets.Trunks[t.ID]
	}
	for _, m := range in.MonitoringAccounts {
		m.PasswordHash = secrets.MonitoringAccounts[m.ID]
	}
	err = s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if err := importRecords(tx, in); err != nil {
			return audit{}, err
		}
		return audit{customer: in.Customer.ID, action: "customer.import", object: in.Customer.ID,
			detail: fmt.Sprintf("%d sites, %d workplaces, %d devices from an export of %s", len(in.Sites), len(in.Workplaces), len(in.Devices),
				in.ExportedAt.UTC().Format(time.RFC3339))}, nil
	})
	if err != nil {
		return nil, err
	}
	s.invalidateAll()
	s.changed(ctx, switchboard.TopicCustomer, in.Customer.ID)
	return &CustomerImport{Customer: in.Customer.ID, Sites: len(in.Sites), Numbers: len(in.Numbers), Workplaces: len(in.Workplaces),
		Devices: len(in.Devices), Contacts: len(in.Contacts), RedirectAccounts: len(in.RedirectAccounts), Trunks: len(in.Trunks)}, nil
}

// importRecords writes an export's records in the order their references
// need.
func importRecords(tx switchboard.Tx, in *Export) error {
	if err := tx.CreateCustomer(in.Customer); err != nil {
		return fmt.Errorf("import customer: %w", err)
	}
	for _, site := range in.Sites {
		if err := tx.CreateSite(site.Site); err != nil {
			return fmt.Errorf("import site %s: %w", site.ID, err)
		}
		if site.AutoLogout != "" {
			if err := tx.SetSiteAutoLogout(site.ID, site.AutoLogout); err != nil {
				return fmt.Errorf("import site %s: %w", site.ID, err)
			}
		}
	}
	for _, w := range in.Workplaces {
		if err := tx.CreateWorkplace(w); err != nil {
			return fmt.Errorf("import workplace %s: %w", w.ID, err)
		}
	}
	for _, n := range in.Numbers {
		if err := tx.CreateNumber(n); err != nil {
			return fmt.Errorf("import number %s: %w", n.E164, err)
		}
	}
	for _, d := range in.Devices {
		if err := tx.CreateDevice(d); err != nil {
			return fmt.Errorf("import device %s: %w", d.ID, err)
		}
	}
	if err := importCalls(tx, in); err != nil {
		return err
	}
	for _, c := range in.Contacts {
		if err := tx.CreateContact(c); err != nil {
			return fmt.Errorf("import contact %s: %w", c.ID, err)
		}
	}
	for _, a := range in.RedirectAccounts {
		if err := tx.CreateRedirectAccount(a); err != nil {
			return fmt.Errorf("import redirect account %s: %w", a.ID, err)
		}
	}
	return nil
}

// checkExport checks an export before anything is written: its format and
// version, ids of the form Switchboard gives, every record the customer's
// and valid by the domain's rules, and every reference inside the file.
func (s *Service) checkExport(in *Export) error {
	switch {
	case in == nil || in.Format != ExportFormatName:
		return switchboard.FieldErrorf("format", "this is not a Switchboard customer export (format %q)", ExportFormatName)
	case in.Version < 1 || in.Version > ExportVersion:
		return switchboard.FieldErrorf("version", "export version %d is not one this Switchboard reads (1 to %d)", in.Version, ExportVersion)
	case len(in.Extensions) > 0:
		for name := range in.Extensions {
			return switchboard.FieldErrorf("extensions", "the export holds a section %q this Switchboard does not know; import it into one that does", name)
		}
	case in.Customer == nil || !switchboard.IsID(in.Customer.ID):
		return switchboard.FieldErrorf("customer", "the export holds no customer with an id")
	case in.Secrets == nil:
		return switchboard.FieldErrorf("secrets", "the export holds no secrets: only an export the operator made with a passphrase can be imported")
	}
	if err := in.Customer.Validate(); err != nil {
		return err
	}
	ids := exportIDs{}
	cid := in.Customer.ID
	for _, site := range in.Sites {
		if site.Site == nil {
			return switchboard.FieldErrorf("sites", "a site is empty")
		}
		if err := ids.add("site", site.ID, cid, &site.CustomerID, site.Validate()); err != nil {
			return err
		}
	}
	for _, w := range in.Workplaces {
		var err error
		if w.State != switchboard.WorkplaceDeleted {
			err = w.Validate()
		}
		if err := ids.add("workplace", w.ID, cid, &w.CustomerID, err); err != nil {
			return err
		}
		if err := ids.ref("workplace", w.ID, "site", w.SiteID); err != nil {
			return err
		}
	}
	for _, n := range in.Numbers {
		n.CustomerID = cid
		if _, err := switchboard.CanonicalE164("numbers", n.E164); err != nil {
			return err
		}
		if err := ids.ref("number", n.E164, "workplace", n.WorkplaceID); err != nil {
			return err
		}
	}
	return s.checkExportDevices(in, ids)
}

// checkExportDevices checks the devices, contacts and redirect accounts of
// an export.
func (s *Service) checkExportDevices(in *Export, ids exportIDs) error {
	cid := in.Customer.ID
	for _, d := range in.Devices {
		m, ok := s.catalogue.Model(d.Model)
		var err error
		if !ok || m.Kind != d.Kind {
			err = switchboard.FieldErrorf("model", "device %q has model %q of kind %s, which this Switchboard's catalogue does not hold", d.ID, d.Model, d.Kind)
		}
		if err := ids.add("device", d.ID, cid, &d.CustomerID, err); err != nil {
			return err
		}
		var hotDesk string
		if d.HotDesk != nil {
			hotDesk = d.HotDesk.Workplace
		}
		for _, r := range []struct{ kind, id string }{{"workplace", d.WorkplaceID}, {"workplace", hotDesk}, {"device", d.BaseID}} {
			if err := ids.ref("device", d.ID, r.kind, r.id); err != nil {
				return err
			}
		}
	}
	for _, c := range in.Contacts {
		if err := ids.add("contact", c.ID, cid, &c.CustomerID, c.Validate()); err != nil {
			return err
		}
	}
	for _, a := range in.RedirectAccounts {
		if err := ids.add("redirect account", a.ID, cid, &a.CustomerID, a.Validate()); err != nil {
			return err
		}
	}
	return checkExportCalls(in, ids)
}

// exportIDs are the ids an export holds, by kind.
type exportIDs map[string]bool

// add records a record's id after checking it and the record's own
// check's outcome, and makes the record the customer's.
func (ids exportIDs) add(kind, id, customerID string, owner *string, invalid error) error {
	if !switchboard.IsID(id) {
		return switchboard.FieldErrorf(kind, "%s id %q is not an id Switchboard gives", kind, id)
	}
	if invalid != nil {
		return fmt.Errorf("%s %s: %w", kind, id, invalid)
	}
	if ids[kind+"/"+id] {
		return switchboard.FieldErrorf(kind, "%s %q is in the export twice", kind, id)
	}
	ids[kind+"/"+id] = true
	*owner = customerID
	return nil
}

// ref checks that a reference (empty for none) names a record the export
// holds before the one referring to it.
func (ids exportIDs) ref(kind, id, toKind, to string) error {
	if to == "" || ids[toKind+"/"+to] {
		return nil
	}
	return switchboard.FieldErrorf(kind, "%s %q refers to %s %q, which the export does not hold (before it)", kind, id, toKind, to)
}

// validAccessKey reports whether key has the form access keys are made
// in: 48 lower-case hexadecimal digits (192 bits).
func validAccessKey(key string) bool {
	if len(key) != 48 {
		return false
	}
	_, err := hex.DecodeString(key)
	return err == nil && strings.ToLower(key) == key
}
