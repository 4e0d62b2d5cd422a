package gigaset

import (
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the name the company phonebook is served under, in the
// base's own directory; XMLDir.1.ServerURL points at it and the base
// sends its searches there.
const phonebookFile = "phonebook.xml"

// srcDirectory is where the online directory's parameters and answer are
// taken from.
const srcDirectory = "wazo-platform/wazo-provd-plugins plugins/wazo_gigaset/Nx70_83_v2_65_0/templates/base.tpl @ 09e9912334c4 " +
	"(Netdir.1.Activated 1, XMLDir.1.ProviderName, XMLDir.1.ServerURL, XMLDir.1.WhitePagesDirName, XMLDir.1.StartWithListWP 1); " +
	"answer <list response=\"get_list\" type=\"pb\" total first last> with <entry> <ln> <fn> <of> <hm> <mb> as public Gigaset " +
	"XML directory servers write it; Gigaset's own XML directory specification not read for this"

// searchParams are the parameters the base sends what the user typed in:
// last name, first name, and a number for a reverse lookup.
var searchParams = []string{"ln", "fn", "hm"}

// writeDirectory activates the first online directory and points it at
// the base's phonebook file, opening with the list of names.
func writeDirectory(param func(indent, name, value string), p *switchboard.Profile) {
	if p.PhonebookURL == "" {
		return
	}
	param("    ", "Netdir.1.Activated", "1")
	param("    ", "XMLDir.1.ProviderName", vendorkit.Or(p.PhonebookTitle, "Phonebook"))
	param("    ", "XMLDir.1.ServerURL", p.PhonebookURL)
	param("    ", "XMLDir.1.WhitePagesDirName", vendorkit.Or(p.PhonebookTitle, "Phonebook"))
	param("    ", "XMLDir.1.StartWithListWP", "1")
}

// numberFields are the entry's number elements, filled in order.
var numberFields = []string{"of", "hm", "mb"}

// Phonebook writes the company phonebook as the answer to the base's
// list request: every entry (a search was applied before), the whole name
// as ln, its first three numbers as office, home and mobile.
func Phonebook(book switchboard.Phonebook) []byte {
	w := vendorkit.NewPhonebookXML()
	n := strconv.Itoa(len(book.Entries))
	first := "1"
	if len(book.Entries) == 0 {
		first = "0"
	}
	w.WriteString(`<list response="get_list" type="pb" total="` + n + `" first="` + first + `" last="` + n + `">` + "\n")
	for _, e := range book.Entries {
		w.WriteString("  <entry>\n")
		w.Leaf("    ", "ln", "", e.Name)
		for i, num := range e.Numbers[:min(len(e.Numbers), len(numberFields))] {
			w.Leaf("    ", numberFields[i], "", num)
		}
		w.WriteString("  </entry>\n")
	}
	w.WriteString("</list>\n")
	return w.Bytes()
}
