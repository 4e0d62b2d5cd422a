package sqlstore

import (
	"time"

	"github.com/switchboard-pbx/switchboard"
)

// Lookup is a query on a hot path (every profile fetch, REGISTER or login,
// every page of a device list, an import's check of its MACs) with the index that must answer it, so that
// each dialect's tests can check its database's plan: a table scan there
// would make the store slow with a million devices.
type Lookup struct {
	Query string
	// Table and Columns name the index by what it holds, since a dialect
	// names the index of a UNIQUE constraint itself.
	Table   string
	Columns []string
	// Args are values of the types of the query's parameters.
	Args []any
}

// Lookups lists the queries on hot paths. The device lists are asked for
// their first page and for a page after a cursor, as the API's
// GET /customers/{id}/devices and /workplaces/{id}/devices do.
func Lookups() []Lookup {
	byCustomer := listQuery(deviceCols, "devices", "id", filter{}.eq("customer_id", "x"))
	byWorkplace := listQuery(deviceCols, "devices", "id", filter{}.eq("workplace_id", "x"))
	size := switchboard.DefaultPageSize + 1
	cursor := "dev_06cq8m3w7mr2k5g0ab1d2e3f4g"
	return []Lookup{
		{deviceByAccessIndex, "devices", []string{"access_index"}, []any{[]byte("x")}},
		{accessIndexKnown, "devices", []string{"access_index"}, []any{[]byte("x")}},
		{deviceBySIPUsername, "devices", []string{"sip_username"}, []any{"x"}},
		{deviceByMAC, "devices", []string{"mac"}, []any{"x"}},
		{macsInUse(2), "devices", []string{"mac"}, []any{"x", "y"}},
		{workplaceByUsername, "workplaces", []string{"username"}, []any{"x"}},
		{workplaceByExtension, "workplaces", []string{"customer_id", "extension"}, []any{"cus_x", "10"}},
		{byCustomer, "devices", []string{"customer_id", "id"}, []any{"", "cus_x", size}},
		{byCustomer, "devices", []string{"customer_id", "id"}, []any{cursor, "cus_x", size}},
		{byWorkplace, "devices", []string{"workplace_id", "id"}, []any{"", "wp_x", size}},
		{byWorkplace, "devices", []string{"workplace_id", "id"}, []any{cursor, "wp_x", size}},
		{causeEvent, "events", []string{"object", "id"}, []any{"dev_x", time.Unix(0, 0).UTC(), time.Now().UTC()}},
		trunkByAddress(),
	}
}
