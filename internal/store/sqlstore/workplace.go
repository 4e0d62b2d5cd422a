package sqlstore

import (
	"fmt"

	"github.com/switchboard-pbx/switchboard"
)

const workplaceCols = `id, customer_id, site_id, first_name, last_name, street, postcode, city, email, mobile,
	no_mobile, language, username, extension, package, package_booked_at, multi_login, hot_desk_pin,
	portal_password_hash, device_admin_password, admin_password_delivered_at, state, created_at, updated_at,
	blocked_at, charge_limit, phonebook_opt_out`

func (t *tx) scanWorkplace(s Row) (*switchboard.Workplace, error) {
	w := &switchboard.Workplace{Numbers: []string{}}
	err := s.Scan(&w.ID, &w.CustomerID, strCol{&w.SiteID}, &w.FirstName, &w.LastName, &w.Street, &w.Postcode,
		&w.City, &w.Email, &w.Mobile, &w.NoMobile, &w.Language, &w.Username, &w.Extension, &w.Package,
		timeCol{&w.PackageBookedAt}, &w.MultiLogin, t.secret(&w.HotDeskPIN), &w.PortalPasswordHash,
		t.secret(&w.DeviceAdminPassword), timeCol{&w.AdminPasswordDeliveredAt}, &w.State,
		timeCol{&w.CreatedAt}, timeCol{&w.UpdatedAt}, timeCol{&w.BlockedAt}, &w.ChargeLimit, &w.PhonebookOptOut)
	return w, err
}

// workplaceRefused maps a refused workplace write to an error naming what
// conflicted.
func (t *tx) workplaceRefused(err error, w *switchboard.Workplace) error {
	return t.refused(err, "workplace", "workplaces", w.ID, unique{
		"workplaces_username":  fmt.Sprintf("username %q is already taken", w.Username),
		"workplaces_extension": fmt.Sprintf("extension %s is already used by another workplace of this customer", w.Extension),
	}, customerRef(w.CustomerID), siteRef(w.CustomerID, w.SiteID))
}

// CreateWorkplace inserts w without its numbers (see AssignNumber).
func (t *tx) CreateWorkplace(w *switchboard.Workplace) error {
	sealed, err := t.seal(w.HotDeskPIN, w.DeviceAdminPassword)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO workplaces (`+workplaceCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.ID, w.CustomerID, nullable(w.SiteID), w.FirstName, w.LastName, w.Street, w.Postcode, w.City, w.Email,
		w.Mobile, w.NoMobile, w.Language, w.Username, w.Extension, string(w.Package), t.time(w.PackageBookedAt),
		w.MultiLogin, sealed[0], w.PortalPasswordHash, sealed[1], t.time(w.AdminPasswordDeliveredAt),
		string(w.State), t.time(w.CreatedAt), t.time(w.UpdatedAt), t.time(w.BlockedAt), w.ChargeLimit, w.PhonebookOptOut)
	if err != nil {
		return t.workplaceRefused(err, w)
	}
	return nil
}

// Workplace returns the workplace with id, its numbers filled in.
func (t *tx) Workplace(id string) (*switchboard.Workplace, error) {
	w, err := one(t, `SELECT `+workplaceCols+` FROM workplaces WHERE id = ?`, []any{id}, t.scanWorkplace, "workplace", id)
	if err != nil {
		return nil, err
	}
	return w, t.fillNumbers(w)
}

// workplaceByUsername probes the partial unique index of live usernames.
const workplaceByUsername = `SELECT ` + workplaceCols + ` FROM workplaces WHERE username = ? AND state <> 'deleted'`

// workplaceByExtension probes the partial unique index of a customer's
// live extensions (its predicate repeated, so the planner may use it).
const workplaceByExtension = `SELECT ` + workplaceCols + ` FROM workplaces
	WHERE customer_id = ? AND extension = ? AND state <> 'deleted' AND extension <> ''`

// WorkplaceByExtension returns the customer's live workplace with the
// extension.
func (t *tx) WorkplaceByExtension(customerID, extension string) (*switchboard.Workplace, error) {
	w, err := one(t, workplaceByExtension, []any{customerID, extension}, t.scanWorkplace, "workplace with extension", extension)
	if err != nil {
		return nil, err
	}
	return w, t.fillNumbers(w)
}

// WorkplaceByUsername returns the live (not deleted) workplace with the
// username.
func (t *tx) WorkplaceByUsername(username string) (*switchboard.Workplace, error) {
	w, err := one(t, workplaceByUsername, []any{username}, t.scanWorkplace, "workplace with username", username)
	if err != nil {
		return nil, err
	}
	return w, t.fillNumbers(w)
}

// UpdateWorkplace writes w's fields but its id, customer, creation time and
// numbers.
func (t *tx) UpdateWorkplace(w *switchboard.Workplace) error {
	sealed, err := t.seal(w.HotDeskPIN, w.DeviceAdminPassword)
	if err != nil {
		return err
	}
	n, err := t.exec(`UPDATE workplaces SET site_id = ?, first_name = ?, last_name = ?, street = ?, postcode = ?,
		city = ?, email = ?, mobile = ?, no_mobile = ?, language = ?, username = ?, extension = ?, package = ?,
		package_booked_at = ?, multi_login = ?, hot_desk_pin = ?, portal_password_hash = ?,
		device_admin_password = ?, admin_password_delivered_at = ?, state = ?, updated_at = ?,
		blocked_at = ?, charge_limit = ?, phonebook_opt_out = ? WHERE id = ?`,
		nullable(w.SiteID), w.FirstName, w.LastName, w.Street, w.Postcode, w.City, w.Email, w.Mobile, w.NoMobile,
		w.Language, w.Username, w.Extension, string(w.Package), t.time(w.PackageBookedAt), w.MultiLogin,
		sealed[0], w.PortalPasswordHash, sealed[1], t.time(w.AdminPasswordDeliveredAt), string(w.State),
		t.time(w.UpdatedAt), t.time(w.BlockedAt), w.ChargeLimit, w.PhonebookOptOut, w.ID)
	if err != nil {
		return t.workplaceRefused(err, w)
	}
	return affected(n, "workplace", w.ID)
}

// Workplaces lists a customer's workplaces, deleted ones included, in id
// order with their numbers; an empty customerID lists every customer's.
func (t *tx) Workplaces(customerID string, p switchboard.Page) ([]*switchboard.Workplace, string, error) {
	return t.SearchWorkplaces(switchboard.WorkplaceSearch{CustomerID: customerID}, p)
}

// fillNumbers sets the Numbers of the workplaces with one query.
func (t *tx) fillNumbers(ws ...*switchboard.Workplace) error {
	if len(ws) == 0 {
		return nil
	}
	byID := make(map[string]*switchboard.Workplace, len(ws))
	args := make([]any, len(ws))
	for i, w := range ws {
		byID[w.ID] = w
		args[i] = w.ID
	}
	held, err := all(t, `SELECT workplace_id, e164 FROM numbers WHERE workplace_id IN (`+placeholders(len(ws))+`) ORDER BY e164`,
		args, func(r Row) (heldNumber, error) {
			var h heldNumber
			err := r.Scan(&h.workplaceID, &h.e164)
			return h, err
		})
	if err != nil {
		return fmt.Errorf("read numbers of workplaces: %w", err)
	}
	for _, h := range held {
		byID[h.workplaceID].Numbers = append(byID[h.workplaceID].Numbers, h.e164)
	}
	return nil
}

// heldNumber is a number with the workplace it is assigned to.
type heldNumber struct{ workplaceID, e164 string }

// Extensions lists the extensions of the customer's live workplaces, in
// text order.
func (t *tx) Extensions(customerID string) ([]string, error) {
	out, err := all(t, `SELECT extension FROM workplaces WHERE customer_id = ? AND state <> 'deleted'
		AND extension <> '' ORDER BY extension`, []any{customerID}, scanString)
	if err != nil {
		return nil, fmt.Errorf("list extensions of %s: %w", customerID, err)
	}
	return out, nil
}
