package sqlite

import (
	"errors"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// uniqueNames names the unique constraints after the failing columns that
// SQLite reports instead of the constraint's name, as the PostgreSQL
// migrations name them. A repeated id of a site, workplace or device may
// be reported for the UNIQUE (customer_id, id) that foreign keys point to;
// only a repeated id can violate it, so it reads as the primary key.
var uniqueNames = map[string]string{
	"customers.id":                                 "customers_pkey",
	"customers.sip_domain":                         "customers_sip_domain_key",
	"sites.id":                                     "sites_pkey",
	"sites.customer_id, sites.id":                  "sites_pkey",
	"numbers.e164":                                 "numbers_pkey",
	"workplaces.id":                                "workplaces_pkey",
	"workplaces.customer_id, workplaces.id":        "workplaces_pkey",
	"workplaces.username":                          "workplaces_username",
	"workplaces.customer_id, workplaces.extension": "workplaces_extension",
	"devices.id":                                   "devices_pkey",
	"devices.customer_id, devices.id":              "devices_pkey",
	"devices.mac":                                  "devices_mac",
	"devices.sip_username":                         "devices_sip_username",
	"devices.access_index":                         "devices_access_index",
	"tokens.id":                                    "tokens_pkey",
	"tokens.secret_index":                          "tokens_secret_index",
	"orders.id":                                    "orders_pkey",
	"events.id":                                    "events_pkey",
	"messages.id":                                  "messages_pkey",
	"messages.msg_key":                             "messages_key",
	"contacts.id":                                  "contacts_pkey",
	"trunks.id":                                    "trunks_pkey",
	"trunks.customer_id, trunks.name":              "trunks_name",
	"monitoring_accounts.id":                       "monitoring_accounts_pkey",
	"monitoring_accounts.username":                 "monitoring_accounts_username",
	"call_records.id":                              "call_records_pkey",
}

// Constraint names the constraint err violated: a unique constraint by
// its name in uniqueNames (by its columns if it is missing there),
// "foreign key" for a foreign key, and "" when err is not a constraint
// violation.
func (d *dialect) Constraint(err error) string {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return ""
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		cols := uniqueColumns(e.Error())
		if name, ok := uniqueNames[cols]; ok {
			return name
		}
		return cols
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return "foreign key"
	}
	return ""
}

// uniqueColumns reads the failing columns out of SQLite's message
// ("UNIQUE constraint failed: workplaces.customer_id, workplaces.extension
// (2067)").
func uniqueColumns(msg string) string {
	const marker = "constraint failed: "
	i := strings.LastIndex(msg, marker)
	if i < 0 {
		return msg
	}
	cols := msg[i+len(marker):]
	if i := strings.LastIndex(cols, " ("); i >= 0 {
		cols = cols[:i]
	}
	return cols
}
