package app

import (
	"context"
	"fmt"
	"sort"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// allPages reads every page of a list.
func allPages[T any](list func(switchboard.Page) ([]T, string, error)) ([]T, error) {
	var out []T
	page := switchboard.Page{Limit: switchboard.MaxPageSize}
	for {
		items, next, err := list(page)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if next == "" {
			return out, nil
		}
		page.After = next
	}
}

// ExportCustomer writes a customer's installation as one document
// (Export): its sites, numbers, workplaces, devices with their keys,
// DECT handsets, shared phonebook contacts and redirect service accounts.
// With a passphrase the secrets (access keys, SIP accounts, device and
// hot-desk passwords, redirect credentials) are included, sealed with it,
// which only the operator may ask for: they move an installation to
// another Switchboard. Without one, the customer's administrators get the
// same document without secrets.
func (s *Service) ExportCustomer(ctx context.Context, p switchboard.Principal, id, passphrase string) (*Export, error) {
	if passphrase != "" {
		if err := mayOperate(p); err != nil {
			return nil, switchboard.Errorf(switchboard.EFORBIDDEN, "only the operator may export a customer's secrets")
		}
		if err := checkPassphrase(passphrase); err != nil {
			return nil, err
		}
	}
	out := &Export{Format: ExportFormatName, Version: ExportVersion, ExportedAt: s.clock()}
	secrets := &ExportSecrets{Workplaces: map[string]WorkplaceSecrets{}, Devices: map[string]DeviceSecrets{}, RedirectAccounts: map[string]map[string]string{},
		Trunks: map[string]string{}, MonitoringAccounts: map[string]string{}}
	err := s.view(ctx, func(tx switchboard.Tx) error {
		c, err := tx.Customer(id)
		if err != nil {
			return asNotFound(err, "customer", id)
		}
		if err := mayAdminister(p, c.ID, "customer", id); err != nil {
			return err
		}
		out.Customer = c
		return s.exportRecords(tx, out, secrets)
	})
	if err != nil {
		return nil, err
	}
	if passphrase != "" {
		if out.Secrets, err = sealSecrets(secrets, passphrase, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// exportRecords reads the customer's records into out and their hidden
// fields into secrets.
func (s *Service) exportRecords(tx switchboard.Tx, out *Export, secrets *ExportSecrets) error {
	id := out.Customer.ID
	sites, err := allPages(func(p switchboard.Page) ([]*switchboard.Site, string, error) { return tx.Sites(id, p) })
	if err != nil {
		return fmt.Errorf("export sites: %w", err)
	}
	logouts, err := tx.SiteAutoLogouts()
	if err != nil {
		return fmt.Errorf("export sites: %w", err)
	}
	out.Sites = []ExportSite{}
	for _, site := range sites {
		out.Sites = append(out.Sites, ExportSite{Site: site, AutoLogout: logouts[site.ID]})
	}
	if out.Numbers, err = allPages(func(p switchboard.Page) ([]*switchboard.Number, string, error) {
		return tx.Numbers(switchboard.NumberFilter{CustomerID: id}, p)
	}); err != nil {
		return fmt.Errorf("export numbers: %w", err)
	}
	if out.Workplaces, err = allPages(func(p switchboard.Page) ([]*switchboard.Workplace, string, error) { return tx.Workplaces(id, p) }); err != nil {
		return fmt.Errorf("export workplaces: %w", err)
	}
	for _, w := range out.Workplaces {
		secrets.Workplaces[w.ID] = workplaceSecrets(w)
	}
	if out.Devices, err = allDevices(tx, switchboard.DeviceFilter{CustomerID: id}); err != nil {
		return fmt.Errorf("export devices: %w", err)
	}
	// Bases before their handsets, so an import creates them in order.
	sort.SliceStable(out.Devices, func(i, j int) bool { return out.Devices[i].BaseID == "" && out.Devices[j].BaseID != "" })
	for _, d := range out.Devices {
		secrets.Devices[d.ID] = deviceSecrets(d)
	}
	if out.Contacts, err = allPages(func(p switchboard.Page) ([]*switchboard.Contact, string, error) { return tx.Contacts(id, p) }); err != nil {
		return fmt.Errorf("export contacts: %w", err)
	}
	if out.RedirectAccounts, err = allPages(func(p switchboard.Page) ([]*switchboard.RedirectAccount, string, error) {
		return tx.RedirectAccounts(id, p)
	}); err != nil {
		return fmt.Errorf("export redirect accounts: %w", err)
	}
	for _, a := range out.RedirectAccounts {
		secrets.RedirectAccounts[a.ID] = a.Credentials
	}
	out.Numbers, out.Workplaces, out.Devices = orEmpty(out.Numbers), orEmpty(out.Workplaces), orEmpty(out.Devices)
	out.Contacts, out.RedirectAccounts = orEmpty(out.Contacts), orEmpty(out.RedirectAccounts)
	return exportCalls(tx, out, secrets)
}
