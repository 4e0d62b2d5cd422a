package poly

import (
	"fmt"
	"strconv"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// minPolling is the shortest relative polling period UC Software takes,
// in seconds (prov.polling.period with mode rel).
const minPolling = 3600

// keyPosition is the flexible line key number of a function key: the
// phone's own line keys first, then each expansion module's keys in
// module order.
func keyPosition(m switchboard.Model, k switchboard.FunctionKey) int {
	if k.Module == 0 {
		return k.Index
	}
	return m.LineKeys + (k.Module-1)*m.ModuleKeys + k.Index
}

// lineOf is the registration a line key stands for (its value, 1 when
// empty), 0 when the profile has no such line.
func lineOf(p *switchboard.Profile, k switchboard.FunctionKey) int {
	n := 1
	if k.Value != "" {
		n, _ = strconv.Atoi(k.Value)
	}
	if n < 1 || n > len(p.Lines) {
		return 0
	}
	return n
}

// renderKeys writes every key position of the phone and its expansion
// modules with flexible line keys, so each key sits where the user put it
// and a removed key becomes Unassigned: a line key shows its registration,
// a busy lamp field or extension key shows the attendant resource list
// entry it points at. (The use cases give every line without a key the
// first free one, Model.WithLineKeys.) The resource list entries no key
// uses are emptied.
func renderKeys(p *switchboard.Profile, m switchboard.Model) (att, lineKey *element) {
	total := m.LineKeys + m.Modules*m.ModuleKeys
	at := map[int]switchboard.FunctionKey{}
	for _, k := range p.Keys {
		at[keyPosition(m, k)] = k
	}

	att = &element{name: "attendant"}
	lineKey = &element{name: "lineKey"}
	lineKey.set("lineKey.reassignment.enabled", "1")
	entry := 0
	for pos := 1; pos <= total; pos++ {
		category, index := "Unassigned", 0
		k, ok := at[pos]
		switch {
		case ok && k.Type == switchboard.KeyLine:
			if n := lineOf(p, k); n > 0 {
				category, index = "Line", n
			}
		case ok:
			entry++
			a := fmt.Sprintf("attendant.resourceList.%d.", entry)
			att.set(a+"address", k.Value)
			att.set(a+"label", k.Label)
			att.set(a+"type", "normal")
			category, index = "BLF", entry
		}
		l := fmt.Sprintf("lineKey.%d.", pos)
		lineKey.set(l+"category", category)
		lineKey.set(l+"index", strconv.Itoa(index))
	}
	for entry++; entry <= total; entry++ {
		a := fmt.Sprintf("attendant.resourceList.%d.", entry)
		att.set(a+"address", "")
		att.set(a+"label", "")
	}
	return att, lineKey
}
