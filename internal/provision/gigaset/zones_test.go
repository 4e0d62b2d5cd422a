package gigaset

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/provision/vendorkit"
)

// TestStandInsShareTheRules checks every zone that is given another
// zone's name against vendorkit: both must have the same offset and
// daylight saving rule, or the base would keep the wrong time.
func TestStandInsShareTheRules(t *testing.T) {
	for zone, listed := range timeZones {
		if zone == listed {
			continue
		}
		z, ok := vendorkit.ZoneOf(zone)
		l, lok := vendorkit.ZoneOf(listed)
		switch {
		case !ok || !lok:
			t.Errorf("%s as %s: not both in vendorkit (%t, %t)", zone, listed, ok, lok)
		case z.Offset != l.Offset || (z.DST == nil) != (l.DST == nil) || z.DST != nil && *z.DST != *l.DST:
			t.Errorf("%s as %s: %+v, but %+v", zone, listed, z, l)
		}
	}
}
