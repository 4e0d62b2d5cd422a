package sqlstore

import (
	"testing"
	"time"
)

// TestTimes checks that a time written by either encoding reads back as
// the same instant in UTC, the zero time included, and that text times
// sort as the instants do, which the claims' comparisons rely on.
func TestTimes(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	for _, enc := range []struct {
		name string
		fn   func(time.Time) any
	}{{"text", TextTime}, {"native", NativeTime}} {
		for _, in := range []time.Time{{}, time.Date(2026, 3, 14, 15, 9, 26, 535_000_001, cet)} {
			var got time.Time
			v := enc.fn(in)
			if b, ok := v.(string); ok && enc.name == "text" {
				v = []byte(b) // a driver may hand TEXT over as bytes
			}
			if err := (timeCol{&got}).Scan(v); err != nil {
				t.Fatalf("%s %v: %v", enc.name, in, err)
			}
			if !got.Equal(in) || got.Location() != time.UTC {
				t.Errorf("%s: %v reads back as %v", enc.name, in, got)
			}
		}
	}
	early, late := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), time.Date(2026, 1, 2, 3, 4, 5, 60, cet)
	for _, pair := range [][2]time.Time{{{}, early}, {late, early}} {
		if !(TextTime(pair[0]).(string) < TextTime(pair[1]).(string)) {
			t.Errorf("text of %v does not sort before text of %v", pair[0], pair[1])
		}
	}
}
