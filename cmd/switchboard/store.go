package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/keyring"
	"github.com/switchboard-pbx/switchboard/internal/store/postgres"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlite"
	"github.com/switchboard-pbx/switchboard/internal/store/sqlstore"
)

// databaseFile is the embedded store's file inside the data directory.
const databaseFile = "switchboard.db"

// openedStore is an open store with what the wiring needs of its kind: its
// outbox, its key checks and resealing, and the PostgreSQL pool the change
// bus between nodes runs over (nil for SQLite, which only one node uses).
type openedStore struct {
	store  switchboard.Store
	outbox switchboard.Outbox
	keys   *sqlstore.DB
	pool   *pgxpool.Pool
}

// openStore opens PostgreSQL when dbURL names it, else the SQLite file
// given by dbURL or, by default, the one in the data directory.
func openStore(ctx context.Context, dataDir, dbURL string, kr *keyring.Keyring) (openedStore, error) {
	switch {
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		s, err := postgres.Open(ctx, dbURL, kr)
		if err != nil {
			return openedStore{}, fmt.Errorf("open PostgreSQL store: %w", err)
		}
		return openedStore{store: s, outbox: s, keys: s.DB, pool: s.Pool()}, nil
	case dbURL == "":
		dbURL = filepath.Join(dataDir, databaseFile)
	default:
		dbURL = strings.TrimPrefix(dbURL, "sqlite://")
	}
	s, err := sqlite.Open(ctx, dbURL, kr)
	if err != nil {
		return openedStore{}, fmt.Errorf("open SQLite store %s: %w", dbURL, err)
	}
	return openedStore{store: s, outbox: s, keys: s.DB}, nil
}
