package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
)

// databaseFile is the embedded store's file inside the data directory.
const databaseFile = "switchboard.db"

// openStore opens PostgreSQL when dbURL names it, else the SQLite file
// given by dbURL or, by default, the one in the data directory.
func openStore(ctx context.Context, dataDir, dbURL string, kr *keyring.Keyring) (switchboard.Store, error) {
	switch {
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		s, err := postgres.Open(ctx, dbURL, kr)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return s, nil
	case dbURL == "":
		dbURL = filepath.Join(dataDir, databaseFile)
	default:
		dbURL = strings.TrimPrefix(dbURL, "sqlite://")
	}
	s, err := sqlite.Open(ctx, dbURL, kr)
	if err != nil {
		return nil, fmt.Errorf("open SQLite store %s: %w", dbURL, err)
	}
	return s, nil
}
