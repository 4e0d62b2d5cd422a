package main

import (
	"fmt"
	"log/slog"
	"os"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// loadTariff reads the --tariff file; an empty path is no tariff (every
// call costs switchboard.DefaultCallCost).
func loadTariff(path string, log *slog.Logger) (*switchboard.Tariff, error) {
	if path == "" {
		log.Info("no --tariff: calls cost nothing and charge limits (TopStop) are never reached")
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--tariff: %w", err)
	}
	defer f.Close()
	t, err := switchboard.ParseTariff(f)
	if err != nil {
		return nil, fmt.Errorf("--tariff %s: %w", path, err)
	}
	log.Info("tariff loaded", slog.String("file", path), slog.Int("rules", len(t.Rules())))
	return t, nil
}
