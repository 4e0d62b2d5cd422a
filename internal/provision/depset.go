package provision

// depSet is the cached entries that depend on one record. Most records
// (a device, a workplace) have one dependant, so the set holds a single
// entry without a map and makes one only for a second: a map per device
// cost more than the device's own cached data.
type depSet struct {
	// key is the record's index key, shared by its dependants' deps.
	key  string
	one  *entry
	many map[*entry]struct{}
}

func (s *depSet) add(e *entry) {
	if s.many == nil && (s.one == nil || s.one == e) {
		s.one = e
		return
	}
	if s.many == nil {
		s.many = map[*entry]struct{}{s.one: {}}
		s.one = nil
	}
	s.many[e] = struct{}{}
}

func (s *depSet) remove(e *entry) {
	if s.one == e {
		s.one = nil
	}
	delete(s.many, e)
}

func (s *depSet) empty() bool { return s.one == nil && len(s.many) == 0 }

// entries lists the set's entries, a copy the caller may remove from the
// set while going through it.
func (s *depSet) entries() []*entry {
	if s.one != nil {
		return []*entry{s.one}
	}
	out := make([]*entry, 0, len(s.many))
	for e := range s.many {
		out = append(out, e)
	}
	return out
}
