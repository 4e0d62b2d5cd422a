package main

import (
	"testing"

	"github.com/switchboard-pbx/switchboard/internal/pgtest"
)

// TestMain stops the throw-away PostgreSQL cluster the multi-node tests
// start, if any.
func TestMain(m *testing.M) { pgtest.Main(m) }
