package provision

import (
	"reflect"
	"sync"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// models keeps one copy of each model the cached devices use.
type models struct {
	mu sync.Mutex
	m  map[string]*switchboard.Model
}

// share returns the kept copy of m when it is the same as m, else keeps m
// (a catalogue changed at run time wins over the copy kept before).
func (ms *models) share(m switchboard.Model) switchboard.Model {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if kept := ms.m[m.ID]; kept != nil && reflect.DeepEqual(*kept, m) {
		return *kept
	}
	if ms.m == nil {
		ms.m = make(map[string]*switchboard.Model)
	}
	ms.m[m.ID] = &m
	return m
}
