package sqlite_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

// BenchmarkLookups measures the lookups behind every profile fetch and
// every REGISTER.
func BenchmarkLookups(b *testing.B) { storetest.Bench(b, fresh[*testing.B]) }
