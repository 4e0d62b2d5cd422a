package switchboard_test

import (
	"math"
	"strings"
	"testing"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

const sampleTariff = `prefix,cents_per_minute,connection_cents
# Germany, landlines and mobiles
+49,2
+4915, 19, 5
+1,3,1
`

// TestTariffCost: the longest matching prefix prices a call per started
// minute plus its connection fee; unmatched numbers and no tariff cost
// nothing.
func TestTariffCost(t *testing.T) {
	tariff, err := switchboard.ParseTariff(strings.NewReader(sampleTariff))
	if err != nil {
		t.Fatal(err)
	}
	var none *switchboard.Tariff
	for _, tc := range []struct {
		tariff *switchboard.Tariff
		number string
		d      time.Duration
		want   int64
	}{
		{tariff, "+4930123456", time.Minute, 2},
		{tariff, "+4930123456", time.Minute + time.Second, 4},
		{tariff, "+4930123456", 0, 0},
		{tariff, "+4915112345678", 30 * time.Second, 24},
		{tariff, "+4915112345678", 10 * time.Minute, 195},
		{tariff, "+12125550100", 59 * time.Second, 4},
		{tariff, "+33123456789", time.Hour, switchboard.DefaultCallCost},
		{none, "+4930123456", time.Hour, switchboard.DefaultCallCost},
		{tariff, "+4915112345678", math.MaxInt64, switchboard.MaxChargeLimit},
	} {
		if got := tc.tariff.Cost(tc.number, tc.d); got != tc.want {
			t.Errorf("Cost(%s, %v) with %v = %d; want %d", tc.number, tc.d, tc.tariff, got, tc.want)
		}
	}
	catchAll, err := switchboard.ParseTariff(strings.NewReader("+,10\n+49,1\n"))
	if err != nil || catchAll.Cost("+33123456789", time.Minute) != 10 || catchAll.Cost("+4930123456", time.Minute) != 1 {
		t.Errorf("a + rule prices every other number: %v", err)
	}
}

// TestParseTariffErrors: bad input is refused with its line.
func TestParseTariffErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"+49,2\n49,3\n", "line 2"},
		{"# c\n+49,x\n", "line 2"},
		{"+49,-1\n", "line 1"},
		{"+49\n", "line 1"},
		{"+49,1,2,3\n", "line 1"},
		{"+49,1\n+49,2\n", "line 2: prefix +49 is already priced on line 1"},
		{"+4a,1\n", "line 1"},
		{"+49,1000000001\n", "line 1"},
		{"\"+49,1\n", "tariff"},
	} {
		_, err := switchboard.ParseTariff(strings.NewReader(tc.in))
		if switchboard.ErrorCode(err) != switchboard.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseTariff(%q) = %v; want EINVALID naming %q", tc.in, err, tc.want)
		}
	}
	empty, err := switchboard.ParseTariff(strings.NewReader("# nothing priced\n"))
	if err != nil || len(empty.Rules()) != 0 || empty.Cost("+4930123456", time.Hour) != 0 {
		t.Errorf("empty tariff: %v, %v", empty, err)
	}
}

// FuzzParseTariff: any file either parses into valid rules whose costs
// stay in range, or is refused as EINVALID.
func FuzzParseTariff(f *testing.F) {
	f.Add(sampleTariff)
	f.Add("+,1\n")
	f.Add("+49,\"1\",2\n")
	f.Fuzz(func(t *testing.T, in string) {
		tariff, err := switchboard.ParseTariff(strings.NewReader(in))
		if err != nil {
			if switchboard.ErrorCode(err) != switchboard.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if _, err := switchboard.NewTariff(tariff.Rules()); err != nil {
			t.Fatalf("parsed rules are invalid: %v", err)
		}
		for _, r := range tariff.Rules() {
			if c := tariff.Cost(r.Prefix+"123", time.Hour); c < 0 || c > switchboard.MaxChargeLimit {
				t.Fatalf("cost %d out of range", c)
			}
		}
	})
}
