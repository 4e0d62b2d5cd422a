package poly

import (
	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// phonebookFile is the per-phone contact directory the phone fetches by
// itself from its provisioning directory at boot. Poly documents no
// remote XML phonebook: its corporate directory is LDAP only, so the
// company phonebook is served as this documented local directory, which
// the phone reads again at each boot and profile update.
const phonebookFile = "{mac}-directory.xml"

// srcDirectory is where the local contact directory's format is
// documented.
const srcDirectory = "Polycom Administrator's Guide SoundPoint IP / SoundStation IP (SIP 3.1), \"Local Contact " +
	"Directory File Format\" (<directory>, <item_list>, <item> with <ln> last name, <fn> first name, <ct> contact " +
	"number, <sd> speed-dial index); <Ethernet address>-directory.xml, vendors.md §2 \"Files requested\""

// Phonebook writes the company phonebook as a Poly local contact
// directory: one item per number (an item holds one contact number), the
// whole name as first name, no speed-dial index.
func Phonebook(book switchboard.Phonebook) []byte {
	w := vendorkit.NewPhonebookXML()
	w.WriteString("<directory>\n  <item_list>\n")
	for _, e := range book.Entries {
		for _, n := range e.Numbers {
			w.WriteString("    <item>\n")
			w.Leaf("      ", "fn", "", e.Name)
			w.Leaf("      ", "ct", "", n)
			w.WriteString("    </item>\n")
		}
	}
	w.WriteString("  </item_list>\n</directory>\n")
	return w.Bytes()
}
