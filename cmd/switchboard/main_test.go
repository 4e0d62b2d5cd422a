package main

import (
	"os"
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

// childEnv makes the test binary run as the switchboard command itself
// (its arguments after the program name), so a test can start serve as a
// process of its own and kill it as a crash would.
const childEnv = "SWITCHBOARD_TEST_AS_COMMAND"

// TestMain runs the command when the test binary is started as a child
// (childEnv), and otherwise the tests, stopping the throw-away PostgreSQL
// cluster the multi-node tests start, if any.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main()
		os.Exit(0)
	}
	pgtest.Main(m)
}
