package yealink

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the name the company phonebook is served under, in the
// device's own directory; the profile points remote_phonebook.data.1.url
// at it, so any name would do.
const phonebookFile = "phonebook.xml"

// srcRemotePhonebook is where the remote phonebook's keys and format are
// documented.
const srcRemotePhonebook = "wazo-platform/wazo-provd-plugins plugins/wazo_yealink templates (remote_phonebook.data.1.url/.name); " +
	"features.remote_phonebook.enable/.flash_time as public Yealink templates write them; Yealink Administrator's Guide " +
	"\"Remote Phone Book\" (<YealinkIPPhoneDirectory>, <DirectoryEntry>, <Name>, <Telephone>, three numbers an entry)"

// maxTelephones is how many numbers one DirectoryEntry may carry.
const maxTelephones = 3

// phonebookRefresh is features.remote_phonebook.flash_time: how often, in
// seconds, the phone reloads the phonebook by itself (an hour), besides
// reloading it when the user opens it.
const phonebookRefresh = "3600"

// writePhonebook points the phone's first remote phonebook at the
// device's phonebook file, or clears it when there is none.
func writePhonebook(w *writer, p *switchboard.Profile) {
	if p.PhonebookURL == "" {
		w.set("features.remote_phonebook.enable", "0")
		w.set("remote_phonebook.data.1.url", null)
		w.set("remote_phonebook.data.1.name", null)
		return
	}
	w.set("features.remote_phonebook.enable", "1")
	w.set("features.remote_phonebook.flash_time", phonebookRefresh)
	w.set("remote_phonebook.data.1.url", p.PhonebookURL)
	w.set("remote_phonebook.data.1.name", vendorkit.Or(p.PhonebookTitle, "Phonebook"))
}

// directory is the remote phonebook format: one DirectoryEntry per name
// with its first three numbers.
var directory = vendorkit.Directory{Root: "YealinkIPPhoneDirectory", PerEntry: maxTelephones}

// Phonebook writes the company phonebook as a Yealink remote phonebook.
func Phonebook(book switchboard.Phonebook) []byte { return directory.Write(book) }
