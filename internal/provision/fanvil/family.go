package fanvil

import (
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is the family name used as Model.Vendor.
const Vendor = "fanvil"

// Family is the package's entry in the list of vendors (package vendors).
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Firmware: vendorkit.FirmwareFrom(firmwarePattern), Render: Render, Parse: Parse, Account: Account, Keys: Keys,
	Bootstrap: Bootstrap, BootstrapURL: BootstrapURL, Phonebook: Phonebook}

// firmwarePattern finds the firmware version in the User-Agent (see
// Identify for the forms).
var firmwarePattern = regexp.MustCompile(`^Fanvil [A-Za-z0-9]{1,10} ([0-9][0-9.]{0,30}) `)
