package sip

import "sync"

// interner shares the memory of strings that repeat across many bindings
// (User-Agents of one phone model and firmware, transports), up to a bound
// so hostile values cannot grow it without limit.
type interner struct {
	mu sync.RWMutex
	m  map[string]string
	// macs caches the MAC found in each interned User-Agent, so the
	// pattern runs once per distinct User-Agent, not once per REGISTER.
	macs map[string]string
}

const maxInterned = 1 << 16

func newInterner() *interner {
	return &interner{m: make(map[string]string), macs: make(map[string]string)}
}

// userAgent interns a User-Agent and returns it with the MAC it names.
func (in *interner) userAgent(s string) (ua, mac string) {
	in.mu.RLock()
	ua, ok := in.m[s]
	mac = in.macs[s]
	in.mu.RUnlock()
	if ok {
		return ua, mac
	}
	ua = in.get(s)
	mac = macFromUserAgent(ua)
	in.mu.Lock()
	if _, kept := in.m[ua]; kept {
		in.macs[ua] = mac
	}
	in.mu.Unlock()
	return ua, mac
}

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
