package app

import (
	"context"
	"fmt"
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
			if m := marks[id]; m != nil {
				newest = m.Newest
			}
			if err := s.recordVersion(tx, id, hash, newest, fetchedAt(fs, id)); err != nil {
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
