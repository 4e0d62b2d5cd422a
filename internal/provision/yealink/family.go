package yealink

import (
	"regexp"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// Vendor is the family name used as Model.Vendor.
const Vendor = "yealink"

// Family is the package's entry in the list of vendors (package vendors).
var Family = vendorkit.Family{Name: Vendor, Models: Models, Identify: Identify, Firmware: vendorkit.FirmwareFrom(firmwarePattern), Render: Render, Parse: Parse, Account: Account, Keys: Keys,
	Bootstrap: Bootstrap, BootstrapURL: BootstrapURL, CertMAC: CertMAC, Phonebook: Phonebook}

// firmwarePattern finds the firmware version in the User-Agent (see
// Identify for the forms).
var firmwarePattern = regexp.MustCompile(`^Yealink[ -](?:SIP[ -](?:VP-)?)?[A-Za-z0-9]{2,12}\s+([0-9][0-9.]{0,40})`)
