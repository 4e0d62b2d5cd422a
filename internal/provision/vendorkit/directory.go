package vendorkit

import (
	switchboard "github.com/switchboard-pbx/switchboard"
)

// Directory is the phone directory object several vendors' firmware reads
// alike: a root element of the vendor's name, optionally a Title and a
// Prompt, then one DirectoryEntry per name with a Name and Telephone
// elements. The vendor package names the root and says how many
// numbers an entry holds; which documents say so stays with it.
type Directory struct {
	Root string
	// Title writes the phonebook's title as <Title>; Prompt, when not
	// empty, is the <Prompt> line under it.
	Title  bool
	Prompt string
	// PerEntry is how many Telephone elements one entry holds: 1 writes a
	// name once for each of its numbers, 0 writes every number in one
	// entry, any other n keeps the first n.
	PerEntry int
}

// Write renders the phonebook in the format.
func (d Directory) Write(book switchboard.Phonebook) []byte {
	w := NewPhonebookXML()
	w.WriteString("<" + d.Root + ">\n")
	if d.Title {
		w.Leaf("  ", "Title", "", Or(book.Title, "Phonebook"))
	}
	if d.Prompt != "" {
		w.Leaf("  ", "Prompt", "", d.Prompt)
	}
	entry := func(name string, numbers []string) {
		w.WriteString("  <DirectoryEntry>\n")
		w.Leaf("    ", "Name", "", name)
		for _, n := range numbers {
			w.Leaf("    ", "Telephone", "", n)
		}
		w.WriteString("  </DirectoryEntry>\n")
	}
	for _, e := range book.Entries {
		switch {
		case d.PerEntry == 1:
			for _, n := range e.Numbers {
				entry(e.Name, []string{n})
			}
		case d.PerEntry > 1:
			entry(e.Name, e.Numbers[:min(len(e.Numbers), d.PerEntry)])
		default:
			entry(e.Name, e.Numbers)
		}
	}
	w.WriteString("</" + d.Root + ">\n")
	return w.Bytes()
}
