package poly

import (
	"strconv"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// UC Software keeps time as an offset from UTC in seconds
// (tcpIpApp.sntp.gmtOffset) and one daylight saving rule of its own
// (tcpIpApp.sntp.daylightSavings.*): a month, a day of the week (1 =
// Sunday), "the first such day on or after date" or "the last such day in
// the month", and the hour of local time the clock changes at. Source:
// Polycom SoundPoint IP / UC Software Administrator's Guide, SIP 2.2.0
// appendix "Configuration Files" <tcpIpApp.sntp/> (the attribute table
// the later UC Software guides keep), read through the SIP 2.0.3B
// addendum, which documents "date" as "on or after" (1, 8, 15, 22) and
// that lastInMonth makes the phone ignore it.

// timeSettings are the tcpIpApp.sntp attributes for zone name, or nil for
// a zone vendorkit does not cover (the phone keeps its own setting). The
// clock goes forward at start.time (local standard time) on the last
// Sunday of start.month, or the first Sunday on or after start.date, and
// back at stop.time (local daylight time) likewise; start.date is written
// even with lastInMonth (the first day the last Sunday can fall on), as
// the phone ignores it then.
func timeSettings(name string) [][2]string {
	z, ok := vendorkit.ZoneOf(name)
	if !ok {
		return nil
	}
	const p = "tcpIpApp.sntp."
	out := [][2]string{
		{p + "gmtOffset", strconv.Itoa(z.Offset * 60)},
		{p + "gmtOffset.overrideDHCP", "1"},
	}
	if z.DST == nil {
		return append(out, [2]string{p + "daylightSavings.enable", "0"})
	}
	d := p + "daylightSavings."
	bit := map[bool]string{false: "0", true: "1"}
	change := func(prefix string, c vendorkit.Change) [][2]string {
		return [][2]string{
			{d + prefix + ".month", strconv.Itoa(int(c.Month))},
			{d + prefix + ".date", strconv.Itoa(c.FirstDay())},
			{d + prefix + ".time", strconv.Itoa(c.Hour)},
			{d + prefix + ".dayOfWeek", strconv.Itoa(int(c.Weekday) + 1)},
			{d + prefix + ".dayOfWeek.lastInMonth", bit[c.Week == vendorkit.Last]},
		}
	}
	out = append(out, [2]string{d + "enable", "1"}, [2]string{d + "fixedDayEnable", "0"})
	out = append(out, change("start", z.DST.Start)...)
	return append(out, change("stop", z.DST.End)...)
}
