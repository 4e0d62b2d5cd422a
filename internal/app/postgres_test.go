package app_test

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

// TestMain stops the throw-away PostgreSQL cluster of the tests that use
// one (pgtest) after the package's tests.
func TestMain(m *testing.M) { pgtest.Main(m) }
