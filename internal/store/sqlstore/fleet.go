package sqlstore

import "github.com/switchboard-pbx/switchboard"

const deviceSummaryCols = `id, customer_id, model, description, sip_username <> '', last_access_at, last_access_user_agent`

// DeviceSummaries lists devices for the fleet statistics without reading
// or opening any sealed column.
func (t *tx) DeviceSummaries(customerID string, p switchboard.Page) ([]*switchboard.DeviceSummary, string, error) {
	return list(t, deviceSummaryCols, "devices", "id", filter{}.eq("customer_id", customerID), p,
		func(r Row) (*switchboard.DeviceSummary, error) {
			d := &switchboard.DeviceSummary{}
			err := r.Scan(&d.ID, &d.CustomerID, &d.Model, &d.Description, &d.HasSIP, timeCol{&d.LastAccessAt}, &d.LastAccessUserAgent)
			return d, err
		}, func(d *switchboard.DeviceSummary) string { return d.ID })
}
