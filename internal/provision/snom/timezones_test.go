package snom

import (
	"strconv"
	"strings"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// TestCodesMatchTheZones checks the standard offset each Snom code names
// ("GER+1", "CAN-3.5") against vendorkit; the firmware applies the code's
// own daylight saving rule, which no document at hand lists.
func TestCodesMatchTheZones(t *testing.T) {
	for zone, code := range timeZones {
		z, ok := vendorkit.ZoneOf(zone)
		if !ok {
			t.Errorf("%s (%s) is not in vendorkit", zone, code)
			continue
		}
		i := strings.LastIndexAny(code, "+-")
		hours, err := strconv.ParseFloat(code[i:], 64)
		if err != nil {
			t.Errorf("%s: code %q: %v", zone, code, err)
			continue
		}
		if int(hours*60) != z.Offset {
			t.Errorf("%s: code %q, but the zone is %d min from UTC", zone, code, z.Offset)
		}
	}
}
