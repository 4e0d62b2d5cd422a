package snom

import (
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is the family name used as Model.Vendor.
const Vendor = "snom"

// Family is the package's entry in the list of vendors (package vendors).
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Firmware: vendorkit.FirmwareFrom(firmwarePattern), Render: Render, Parse: Parse, Account: Account, Keys: Keys,
	Bootstrap: Bootstrap, BootstrapURL: BootstrapURL, CertMAC: CertMAC, Phonebook: Phonebook}

// firmwarePattern finds the firmware version in the User-Agent (see
// Identify for the forms).
var firmwarePattern = regexp.MustCompile(`snom[A-Za-z]?[0-9]{3}[A-Za-z]?-SIP ([0-9][0-9.]{0,40})`)
