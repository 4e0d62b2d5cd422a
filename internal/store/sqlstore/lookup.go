package sqlstore

// Lookup is a query on a hot path (every profile fetch, REGISTER or login)
// with the unique index that must answer it, so that each dialect's tests
// can check its database's plan: a table scan there would make the store
// slow with a million devices.
type Lookup struct {
	Query string
	Index string
	// Arg is a value of the type of the query's one parameter.
	Arg any
}

// Lookups lists the queries on hot paths.
func Lookups() []Lookup {
	return []Lookup{
		{deviceByAccessIndex, "devices_access_index", []byte("x")},
		{accessIndexKnown, "devices_access_index", []byte("x")},
		{deviceBySIPUsername, "devices_sip_username", "x"},
		{deviceByMAC, "devices_mac", "x"},
		{workplaceByUsername, "workplaces_username", "x"},
	}
}
