package softclient

import (
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is the family name used as Model.Vendor.
const Vendor = "softclient"

// Family is the package's entry in the list of vendors (package vendors).
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Firmware: vendorkit.FirmwareFrom(firmwarePattern), Render: Render, Parse: Parse, Account: Account, Keys: Keys}

// firmwarePattern finds the firmware version in the User-Agent (see
// Identify for the forms).
var firmwarePattern = regexp.MustCompile(`^Switchboard-(?:Desktop|Mobile|Web)/([0-9][0-9.]{0,20})`)
