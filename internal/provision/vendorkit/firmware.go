package vendorkit

import "regexp"

// MaxFirmware bounds the firmware version a family reports: a longer
// submatch is not a version but a hostile or broken User-Agent.
const MaxFirmware = 64

// FirmwareFrom returns a Family.Firmware that reads the version as the
// first submatch of re in the User-Agent, so a vendor package keeps only
// its pattern.
func FirmwareFrom(re *regexp.Regexp) func(userAgent string) string {
	return func(userAgent string) string {
		m := MatchUA(re, userAgent)
		if len(m) < 2 || len(m[1]) > MaxFirmware {
			return ""
		}
		return m[1]
	}
}
