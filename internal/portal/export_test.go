package portal

// Catalogues, Actions and the families of keys the code builds from
// values are exported to the tests of package portal_test.
var (
	Catalogues = catalogues
	Actions    = actions
)
