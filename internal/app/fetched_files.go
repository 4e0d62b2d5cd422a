package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RecordFetchedFiles keeps the files devices fetched, for the profile
// difference, and in the same transaction adds a version to the settings
// history of each device whose set of files changed. The provisioning
// server calls it from its bookkeeping in small batches, apart from
// RecordFetches: a batch holds the files' content in memory, and a boot
// storm's thousands of fetches must not hold all of theirs at once. A
// batch of unchanged files costs one more query, which opens no secret.
func (s *Service) RecordFetchedFiles(ctx context.Context, fs []*switchboard.FetchedFile) error {
	if len(fs) == 0 {
		return nil
	}
	err := s.store.Update(ctx, func(tx switchboard.Tx) error {
		changed, marks, err := changedProfiles(tx, fs)
		if err != nil {
			return err
		}
		if err := tx.SaveFetchedFiles(fs); err != nil {
			return err
		}
		for id, hash := range changed {
			var newest *switchboard.ProfileVersion
			var before map[string][]byte
			if m := marks[id]; m != nil {
				newest, before = m.Newest, m.Files
			}
			if err := s.recordVersion(tx, id, hash, newest, fetchedAt(fs, id), heldFiles(fs, id, before)); err != nil {
				return fmt.Errorf("record settings history of device %s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record fetched files: %w", err)
	}
	return nil
}

// fetchedAt is the time of the last fetch of device id in the batch.
func fetchedAt(fs []*switchboard.FetchedFile, id string) time.Time {
	var at time.Time
	for _, f := range fs {
		if f.DeviceID == id && f.FetchedAt.After(at) {
			at = f.FetchedAt
		}
	}
	return at.UTC().Truncate(time.Microsecond)
}

// heldFiles returns device id's files by name when the batch holds the
// content of every file the device will have fetched once it is saved
// (those it fetched before included), so its version needs no reading
// back; nil when one is missing or held without content. A phone's
// files are recorded together, so at its first boot the batch holds them.
func heldFiles(fs []*switchboard.FetchedFile, id string, before map[string][]byte) []switchboard.File {
	var out []switchboard.File
	for _, f := range fs {
		if f.DeviceID != id {
			continue
		}
		if len(f.Body) == 0 {
			return nil
		}
		out = append(out, switchboard.File{Name: f.Name, Body: f.Body})
	}
	for name := range before {
		if !slices.ContainsFunc(out, func(f switchboard.File) bool { return f.Name == name }) {
			return nil
		}
	}
	slices.SortFunc(out, func(a, b switchboard.File) int { return strings.Compare(a.Name, b.Name) })
	return out
}
