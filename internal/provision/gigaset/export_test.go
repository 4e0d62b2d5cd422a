package gigaset

import "time"

// FixClock makes the registration window start at t, so renderings can be
// compared with golden files.
func FixClock(t time.Time) { now = func() time.Time { return t } }
