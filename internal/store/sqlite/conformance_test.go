package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) switchboard.Store {
		return openAt(t, filepath.Join(t.TempDir(), "sb.db"), keyring.Random())
	})
}
