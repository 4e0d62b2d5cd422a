package gigaset

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Vendor is the family name used as Model.Vendor.
const Vendor = "gigaset"

// Family is the package's entry in the list of vendors (package vendors).
// KnownKeys repeats the names of Keys only for the vendors package's own
// key test, which still reads KnownKeys.
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Render: Render, Parse: Parse, Account: Account, Keys: Keys, KnownKeys: keyNames()}

// keyNames are the names of Keys.
func keyNames() []string {
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = k.Name
	}
	return names
}
