package grandstream

import (
	"strconv"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the name the phone appends to the phonebook server
// path P331: the phonebook is served in the device's own directory.
const phonebookFile = "phonebook.xml"

// srcPhonebook is where the phonebook download and its format are
// documented.
const srcPhonebook = "Grandstream GXP Series XML Phonebook Guide (documentation.grandstream.com " +
	"gxp-series-xml-phonebook-guide: P330 Phonebook XML Download 0 off/1 HTTP/2 TFTP/3 HTTPS, P331 server path " +
	"the phone appends phonebook.xml to, P332 download interval in minutes; <AddressBook>, <Contact>, " +
	"<LastName>, <FirstName>, <Phone> with <phonenumber> and <accountindex>)"

// phonebookInterval is P332: the phone reloads the phonebook hourly.
const phonebookInterval = 60

// writePhonebook switches the phonebook download to HTTPS from the
// device's own directory.
func writePhonebook(set func(name, value string), p *switchboard.Profile) {
	if p.PhonebookURL == "" {
		set("P330", "0")
		return
	}
	set("P330", "3")
	set("P331", strings.TrimPrefix(strings.TrimSuffix(p.PhonebookURL, "/"+phonebookFile), "https://"))
	set("P332", strconv.Itoa(phonebookInterval))
}

// Phonebook writes the company phonebook as a Grandstream AddressBook:
// one Contact per name, the whole name as FirstName (the phone shows
// first and last name one after the other), each number as a Phone on
// the first account.
func Phonebook(book switchboard.Phonebook) []byte {
	w := vendorkit.NewPhonebookXML()
	w.WriteString("<AddressBook>\n")
	for _, e := range book.Entries {
		w.WriteString("  <Contact>\n")
		w.Leaf("    ", "LastName", "", "")
		w.Leaf("    ", "FirstName", "", e.Name)
		for _, n := range e.Numbers {
			w.WriteString("    <Phone>\n")
			w.Leaf("      ", "phonenumber", "", n)
			w.Leaf("      ", "accountindex", "", "1")
			w.WriteString("    </Phone>\n")
		}
		w.WriteString("  </Contact>\n")
	}
	w.WriteString("</AddressBook>\n")
	return w.Bytes()
}
