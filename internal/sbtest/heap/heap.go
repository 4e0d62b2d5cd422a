// Package heap measures the Go heap for tests that state what a structure
// keeps; it has no imports of the project, so any package's tests may use
// it.
package heap

import (
	"runtime"
	"testing"
)

// Live returns the bytes allocated on the heap right after collections:
// what is still referenced, give or take other goroutines' garbage. It
// collects twice, so that what the first collection's sweeping and
// cleanups let go is gone too.
func Live() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// GivenBack fails t unless what, which took full-empty bytes of the heap
// (4 MiB or more, else the test proves nothing), holds at most a tenth of
// them at after. empty, full and after are Live readings.
func GivenBack(t testing.TB, what string, empty, full, after uint64) {
	t.Helper()
	if full < empty+4<<20 {
		t.Fatalf("%s took %d bytes; the test needs it to take 4 MiB or more", what, full-empty)
	}
	if after > empty+(full-empty)/10 {
		t.Errorf("%s took %d bytes and still holds %d, more than a tenth", what, full-empty, after-empty)
	}
}
