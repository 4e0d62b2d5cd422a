package sip

import "sync"

// interner shares the memory of strings that repeat across many bindings
// (User-Agents of one phone model and firmware, addresses of record of one
// domain), up to a bound so hostile values cannot grow it without limit.
type interner struct {
	mu sync.RWMutex
	m  map[string]string
}

const maxInterned = 1 << 16

func newInterner() *interner { return &interner{m: make(map[string]string)} }

// get returns a shared copy of s, or a private copy when the table is full.
func (in *interner) get(s string) string {
	if s == "" {
		return ""
	}
	in.mu.RLock()
	v, ok := in.m[s]
	in.mu.RUnlock()
	if ok {
		return v
	}
	v = string([]byte(s))
	in.mu.Lock()
	if len(in.m) < maxInterned {
		in.m[v] = v
	}
	in.mu.Unlock()
	return v
}
