package vendorkit

import "time"

// The nightly window in which phones whose firmware picks a random time
// of day for their periodic resync do so: from WindowBegin to WindowEnd
// local time, when desks are empty. The same window for every vendor, so
// an operator reads one time in the logs whatever the phone.
const (
	WindowBegin = "01:00"
	WindowEnd   = "05:00"
)

// Window hours, for firmwares that take the window in whole hours.
const (
	WindowBeginHour = 1
	WindowEndHour   = 5
)

// WholeDays reports the resync interval in whole days when it is a
// positive whole number of them: only then can a firmware's daily random
// window keep the interval, so shorter or uneven intervals stay on the
// firmware's relative timer.
func WholeDays(d time.Duration) (int, bool) {
	const day = 24 * time.Hour
	if d < day || d%day != 0 {
		return 0, false
	}
	return int(d / day), true
}
