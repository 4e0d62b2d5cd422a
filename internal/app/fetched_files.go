package app

import (
	"context"
	"fmt"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// RecordFetchedFiles keeps the files devices fetched, for the profile
// difference. The provisioning server calls it from its bookkeeping in
// small batches, apart from RecordFetches: a batch holds the files'
// content in memory, and a boot storm's thousands of fetches must not
// hold all of theirs at once.
func (s *Service) RecordFetchedFiles(ctx context.Context, fs []*switchboard.FetchedFile) error {
	if len(fs) == 0 {
		return nil
	}
	if err := s.store.Update(ctx, func(tx switchboard.Tx) error { return tx.SaveFetchedFiles(fs) }); err != nil {
		return fmt.Errorf("record fetched files: %w", err)
	}
	return nil
}
