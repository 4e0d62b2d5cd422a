package snom

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the name the company phonebook is served under, in the
// device's own directory; the directory key opens it.
const phonebookFile = "phonebook.xml"

// srcDirectory is where the directory key and the minibrowser directory
// object are documented.
const srcDirectory = "wazo-platform/wazo-provd-plugins wazo_snom common/templates/base.tpl @ 2321a3f " +
	"(<dkey_directory perm=\"R\">url <phonebook URL></dkey_directory>); Snom wiki \"XML Minibrowser\" " +
	"SnomIPPhoneDirectory (<Title>, <Prompt>, <DirectoryEntry> with <Name> and <Telephone>)"

// writeDirectoryKey makes the phone's directory key open the phonebook
// in the minibrowser.
func writeDirectoryKey(set func(name, idx, value string), p *switchboard.Profile) {
	if p.PhonebookURL != "" {
		set("dkey_directory", "", "url "+p.PhonebookURL)
	}
}

// directory is the minibrowser's SnomIPPhoneDirectory page: a title and
// a prompt, then one entry per number, the name repeated.
var directory = vendorkit.Directory{Root: "SnomIPPhoneDirectory", Title: true, Prompt: "Dial", PerEntry: 1}

// Phonebook writes the company phonebook as a SnomIPPhoneDirectory page.
func Phonebook(book switchboard.Phonebook) []byte { return directory.Write(book) }
