package gigaset

import (
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is the family name used as Model.Vendor.
const Vendor = "gigaset"

// Family is the package's entry in the list of vendors (package vendors).
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Firmware: vendorkit.FirmwareFrom(firmwarePattern), Render: Render, Parse: Parse, Account: Account, Keys: Keys,
	Bootstrap: Bootstrap, BootstrapURL: BootstrapURL,
	Phonebook: Phonebook, PhonebookSearch: searchParams}

// firmwarePattern finds the firmware version in the User-Agent (see
// Identify for the forms): of "83.V2.11.0+build.a546b91" the release
// "2.11.0", the form Gigaset names its releases in and the base compares
// with a provisioning file's <file version> (srcFirmware), so a pinned
// version and the running one are written alike.
var firmwarePattern = regexp.MustCompile(`^"?(?:Gigaset )?N[0-9]{3}[A-Za-z ]{0,20}/(?:[0-9]{1,4}\.V)?([0-9]{1,4}(?:\.[0-9]{1,4}){1,3})(?:\+[0-9A-Za-z._-]{0,60})?;`)
