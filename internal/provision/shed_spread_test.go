package provision

import (
	"testing"
	"time"
)

// TestRetryAfterFollowsTheBacklog: the phones turned away are told to come
// back within the time the store needs for them at the rate it finished
// lookups in the second before: within a second or two while it keeps up,
// over the whole window when it finished none.
func TestRetryAfterFollowsTheBacklog(t *testing.T) {
	cases := []struct {
		name     string
		finished int // lookups finished in the second before
		turned   int // phones turned away in this second so far
		want     int64
	}{
		{"store keeps up", 1000, 1, 1},
		{"a storm's first second", 1000, 150, 1},
		{"more turned away than it finishes", 100, 250, 3},
		{"slow store", 5, 30, 6},
		{"slower than the window", 2, 100, 10},
		{"stuck store", 0, 1, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
			s := newShedder(64, 10*time.Second, func() time.Time { return now })
			s.spread() // the second before starts counting
			for range c.finished {
				s.release()
			}
			now = now.Add(time.Second)
			var got int64
			for range c.turned {
				got = s.spread()
			}
			if got != c.want {
				t.Errorf("after %d turned away with %d lookups finished the second before: spread %d s, want %d s", c.turned, c.finished, got, c.want)
			}
		})
	}
}

// TestRetryAfterForgetsAnOldRate: a rate measured long ago says nothing of
// the store now, so the first phone turned away after a quiet minute gets
// the whole window; after a few quiet seconds the rate of those seconds
// still counts.
func TestRetryAfterForgetsAnOldRate(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	s := newShedder(64, 10*time.Second, func() time.Time { return now })
	s.spread()
	for range 1000 {
		s.release()
	}
	now = now.Add(4 * time.Second)
	for range 300 {
		s.spread()
	}
	if got := s.spread(); got != 2 {
		t.Errorf("spread of the 301st turned away after 1,000 lookups in 4 quiet seconds: %d s, want 2 s", got)
	}
	now = now.Add(time.Minute)
	if got := s.spread(); got != 10 {
		t.Errorf("spread after a quiet minute: %d s, want the window's 10 s", got)
	}
}
