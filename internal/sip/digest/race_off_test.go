//go:build !race

package digest

// raceEnabled tells tests that count allocations that the race detector
// changes them (sync.Pool drops entries at random under it).
const raceEnabled = false
