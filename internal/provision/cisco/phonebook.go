package cisco

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the name the company phonebook is served under, in the
// device's own directory; XML_Directory_Service_URL points at it.
const phonebookFile = "directory.xml"

// srcDirectory is where the XML directory service and its object are
// documented.
const srcDirectory = "Cisco IP Phone 8800 Series Multiplatform Phone Administration Guide, \"Corporate and Personal " +
	"Directory Setup\" (XML_Directory_Service_Name, XML_Directory_Service_URL; cisco.com cs88_b_8832-mpp-ag " +
	"chapter_01110); Cisco Unified IP Phone Services Application Development Notes, CiscoIPPhoneDirectory " +
	"(<Title>, <Prompt>, <DirectoryEntry> with one <Name> and one <Telephone>)"

// writeDirectory names the XML directory service and points it at the
// device's phonebook file.
func writeDirectory(set func(name, value string), p *switchboard.Profile) {
	if p.PhonebookURL == "" {
		return
	}
	set("XML_Directory_Service_Name", vendorkit.Or(p.PhonebookTitle, "Phonebook"))
	set("XML_Directory_Service_URL", p.PhonebookURL)
}

// directory is the CiscoIPPhoneDirectory object: a title and a prompt,
// then one entry per number (an entry holds one), the name repeated.
var directory = vendorkit.Directory{Root: "CiscoIPPhoneDirectory", Title: true, Prompt: "Select a name", PerEntry: 1}

// Phonebook writes the company phonebook as a CiscoIPPhoneDirectory.
func Phonebook(book switchboard.Phonebook) []byte { return directory.Write(book) }
