package provision

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// servedBatch bounds the files whose content one bookkeeping transaction
// holds in memory: a Yealink profile is tens of kilobytes.
const servedBatch = 100

// served is one file a fetch answered with, for the profile difference.
// It points at the cache entry and variant, not at the content: the
// rendered files stay in their memory budget, and the content is taken at
// the flush if it is still there.
type served struct {
	e             *entry
	variant       int
	name, etag    string
	remoteEncrypt bool
	at            time.Time
}

// servedFiles collects the files served since the last flush, the last
// per device and file name.
type servedFiles struct {
	mu    sync.Mutex
	files map[string]served
}

// add records a served file.
func (s *servedFiles) add(f served) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[string]served{}
	}
	s.files[f.e.prov.DeviceID+"/"+f.name] = f
}

// take returns and forgets what was collected.
func (s *servedFiles) take() map[string]served {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.files
	s.files = nil
	return out
}

// record hands the served files to the bookkeeping in batches of about
// servedBatch, each with the content if its rendering is still in memory
// and unchanged, else with its hash alone. A device's files stay in one
// batch: the settings history records a version per device and batch, and
// a phone's six files spread over six batches made six versions' worth of
// work where one does.
func (s *servedFiles) record(ctx context.Context, src Source) error {
	byDevice := map[string][]served{}
	for _, f := range s.take() {
		id := f.e.prov.DeviceID
		byDevice[id] = append(byDevice[id], f)
	}
	var errs []error
	batch := make([]*switchboard.FetchedFile, 0, servedBatch)
	for id, files := range byDevice {
		if len(batch) > 0 && len(batch)+len(files) > servedBatch {
			errs = append(errs, src.RecordFetchedFiles(ctx, batch))
			batch = batch[:0]
		}
		for _, f := range files {
			hash, err := hex.DecodeString(strings.Trim(f.etag, `"`))
			if err != nil {
				continue
			}
			batch = append(batch, &switchboard.FetchedFile{DeviceID: id, Name: f.name, Hash: hash,
				Body: f.e.body(f.variant, f.name, f.etag), RemoteEncrypt: f.remoteEncrypt, FetchedAt: f.at})
		}
	}
	if len(batch) > 0 {
		errs = append(errs, src.RecordFetchedFiles(ctx, batch))
	}
	return errors.Join(errs...)
}

// body returns the content of the file of variant i with the given name
// and entity tag, nil when that rendering left memory or changed.
func (e *entry) body(i int, name, etag string) []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	if v := e.variants[i]; v != nil {
		for _, f := range v.files {
			if f.Name == name && f.etag == etag {
				return f.Body
			}
		}
	}
	return nil
}

// variantOf is the index of the variant of an encryption decision.
func variantOf(encrypt bool) int {
	if encrypt {
		return 1
	}
	return 0
}
