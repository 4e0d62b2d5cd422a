package fanvil

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the name the company phonebook is served under, in the
// device's own directory; the first soft key opens it.
const phonebookFile = "phonebook.xml"

// srcDirectory is where the directory soft key and the phonebook format
// are documented.
const srcDirectory = "wazo-platform/wazo-provd-plugins plugins/wazo_fanvil/common/templates/base-new.tpl @ 02e67fc504f0 " +
	"(with a phonebook URL: phone.softkey.DesktopSoftkey history;dss1;;menu; and dsskey.dssSoft index 1 Type 21 = the " +
	"URL, Title Directory); root <FanvilIPPhoneDirectory> with <DirectoryEntry>, <Name>, <Telephone> as public " +
	"Fanvil phonebook generators write it (code search, 2026-12-02); Fanvil's own XML phonebook document not read for this"

// desktopSoftkeys puts the directory soft key (dss1) on the idle screen
// between the call history and the menu.
const desktopSoftkeys = "history;dss1;;menu;"

// directoryKeyType is the soft key type that opens an XML phonebook URL.
const directoryKeyType = "21"

// renderDirectoryKey writes the first soft key opening the phonebook.
func renderDirectoryKey(b *vendorkit.XMLWriter, p *switchboard.Profile) {
	if p.PhonebookURL == "" {
		return
	}
	b.WriteString("        <dssSoft index=\"1\">\n")
	b.Leaf("            ", "Type", "", directoryKeyType)
	b.Leaf("            ", "Value", "", p.PhonebookURL)
	b.Leaf("            ", "Title", "", vendorkit.Or(p.PhonebookTitle, "Directory"))
	b.WriteString("        </dssSoft>\n")
}

// directory is the phonebook format: one DirectoryEntry per name with
// every number.
var directory = vendorkit.Directory{Root: "FanvilIPPhoneDirectory"}

// Phonebook writes the company phonebook as a FanvilIPPhoneDirectory.
func Phonebook(book switchboard.Phonebook) []byte { return directory.Write(book) }
