package vendorkit

import (
	"testing"
	"time"
)

// TestWholeDays: only a positive whole number of days goes to a
// firmware's daily random window.
func TestWholeDays(t *testing.T) {
	for _, c := range []struct {
		in   time.Duration
		days int
		ok   bool
	}{
		{24 * time.Hour, 1, true},
		{72 * time.Hour, 3, true},
		{25 * time.Hour, 0, false},
		{time.Hour, 0, false},
		{0, 0, false},
		{-24 * time.Hour, 0, false},
	} {
		if days, ok := WholeDays(c.in); days != c.days || ok != c.ok {
			t.Errorf("WholeDays(%v) = %d, %v; want %d, %v", c.in, days, ok, c.days, c.ok)
		}
	}
}
