package app

import (
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// exportCalls reads the customer's call part (issue 16) into out: each
// workplace's call settings where they were written, the trunks and the
// CTI monitoring accounts, their passwords into secrets.
func exportCalls(tx switchboard.Tx, out *Export, secrets *ExportSecrets) error {
	id := out.Customer.ID
	out.CallSettings = []*switchboard.CallSettings{}
	for _, w := range out.Workplaces {
		cs, err := tx.CallSettings(w.ID)
		if switchboard.ErrorCode(err) == switchboard.ENOTFOUND {
			continue
		}
		if err != nil {
			return fmt.Errorf("export call settings: %w", err)
		}
		out.CallSettings = append(out.CallSettings, cs)
	}
	var err error
	if out.Trunks, err = allPages(func(p switchboard.Page) ([]*switchboard.Trunk, string, error) { return tx.Trunks(id, p) }); err != nil {
		return fmt.Errorf("export trunks: %w", err)
	}
	for _, t := range out.Trunks {
		secrets.Trunks[t.ID] = t.Password
	}
	if out.MonitoringAccounts, err = allPages(func(p switchboard.Page) ([]*switchboard.MonitoringAccount, string, error) {
		return tx.MonitoringAccounts(id, p)
	}); err != nil {
		return fmt.Errorf("export monitoring accounts: %w", err)
	}
	for _, m := range out.MonitoringAccounts {
		secrets.MonitoringAccounts[m.ID] = m.PasswordHash
	}
	out.Trunks, out.MonitoringAccounts = orEmpty(out.Trunks), orEmpty(out.MonitoringAccounts)
	return nil
}

// importCalls writes an export's call part, after its workplaces.
func importCalls(tx switchboard.Tx, in *Export) error {
	for _, cs := range in.CallSettings {
		if err := tx.PutCallSettings(cs); err != nil {
			return fmt.Errorf("import call settings of workplace %s: %w", cs.WorkplaceID, err)
		}
	}
	for _, t := range in.Trunks {
		if err := tx.CreateTrunk(t); err != nil {
			return fmt.Errorf("import trunk %s: %w", t.ID, err)
		}
	}
	for _, m := range in.MonitoringAccounts {
		if err := tx.CreateMonitoringAccount(m); err != nil {
			return fmt.Errorf("import monitoring account %s: %w", m.ID, err)
		}
	}
	return nil
}

// checkExportCalls checks the call part: settings of workplaces the file
// holds, valid by the call rules, trunks and monitoring accounts with ids
// of Switchboard's form, all made the customer's.
func checkExportCalls(in *Export, ids exportIDs) error {
	cid := in.Customer.ID
	for _, cs := range in.CallSettings {
		cs.CustomerID = cid
		if err := ids.ref("call settings", cs.WorkplaceID, "workplace", cs.WorkplaceID); err != nil || cs.WorkplaceID == "" {
			return switchboard.FieldErrorf("call_settings", "call settings of workplace %q, which the export does not hold", cs.WorkplaceID)
		}
		if err := cs.Validate(); err != nil {
			return fmt.Errorf("call settings of workplace %s: %w", cs.WorkplaceID, err)
		}
	}
	for _, t := range in.Trunks {
		if err := ids.add("trunk", t.ID, cid, &t.CustomerID, t.Validate()); err != nil {
			return err
		}
	}
	for _, m := range in.MonitoringAccounts {
		if err := ids.add("monitoring account", m.ID, cid, &m.CustomerID, nil); err != nil {
			return err
		}
	}
	return nil
}
