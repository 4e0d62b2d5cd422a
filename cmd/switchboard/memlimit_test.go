package main

import "testing"

func TestParseMemory(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "0": 0, "900MiB": 900 << 20, "2GiB": 2 << 30, "512KiB": 512 << 10, "1TiB": 1 << 40, "4096B": 4096, "4096": 4096} {
		if got, err := parseMemory(in); err != nil || got != want {
			t.Errorf("parseMemory(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"900MB", "-1GiB", "1.5GiB", "GiB", "lots", "9999999999999TiB"} {
		if _, err := parseMemory(in); err == nil {
			t.Errorf("parseMemory(%q) accepted", in)
		}
	}
}
