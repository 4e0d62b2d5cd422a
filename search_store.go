package switchboard

// WorkplaceSearch narrows a customer's workplace list as the portal's
// search box does.
type WorkplaceSearch struct {
	CustomerID string
	// Text, when not empty, keeps the workplaces whose first and last
	// name, username, extension or one of whose numbers (spaces and dashes
	// ignored) contain it, ignoring case.
	Text string
}

// CustomerSearch narrows the customer list as the portal's search box
// does.
type CustomerSearch struct {
	// ID, when not empty, keeps only this customer: an administrator's
	// list holds the own customer alone.
	ID string
	// Text, when not empty, keeps the customers whose name or admin
	// e-mail contain it, ignoring case.
	Text string
}

// SearchTx holds the searchable lists of workplaces and customers; the
// device and number lists search through their filters' Text. Errors as
// for Tx.
type SearchTx interface {
	// SearchWorkplaces lists workplaces like Workplaces, narrowed by f.
	SearchWorkplaces(f WorkplaceSearch, p Page) ([]*Workplace, string, error)
	// SearchCustomers lists customers like Customers, narrowed by f.
	SearchCustomers(f CustomerSearch, p Page) ([]*Customer, string, error)
}
