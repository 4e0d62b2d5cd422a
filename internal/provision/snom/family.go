package snom

import "github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"

// Vendor is the family name used as Model.Vendor.
const Vendor = "snom"

// Family is the package's entry in the list of vendors (package vendors).
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Render: Render, Parse: Parse, Account: Account, Keys: Keys,
	Bootstrap: Bootstrap, BootstrapURL: BootstrapURL, CertMAC: CertMAC, Phonebook: Phonebook}
