package main

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// memoryUnits are the suffixes --memory-limit takes, as GOMEMLIMIT does.
var memoryUnits = []struct {
	suffix string
	bytes  int64
}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// parseMemory reads a size such as 900MiB or 2GiB; empty and 0 mean none.
func parseMemory(s string) (int64, error) {
	given := strings.TrimSpace(s)
	if given == "" || given == "0" {
		return 0, nil
	}
	digits, unit := given, int64(1)
	for _, u := range memoryUnits {
		if strings.HasSuffix(given, u.suffix) {
			digits, unit = strings.TrimSuffix(given, u.suffix), u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/unit {
		return 0, fmt.Errorf("--memory-limit: %q is not a size such as 900MiB or 2GiB", given)
	}
	return n * unit, nil
}

// setMemoryLimit makes the garbage collector work harder as the process
// nears limit instead of letting the heap grow to twice its live data:
// less memory for more CPU, where a machine's memory is what runs out
// first. It returns a function that restores the previous limit.
func setMemoryLimit(limit int64) func() {
	if limit == 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}
