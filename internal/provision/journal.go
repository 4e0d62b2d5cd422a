package provision

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/switchboard-pbx/switchboard/internal/app"
)

// maxRefusalsPerFlush bounds the security events written per batch; the
// rest of a flood is summed up in one event per batch.
const maxRefusalsPerFlush = 500

// journal collects what fetches leave behind (last access, actions carried
// out, passwords delivered, refusals) in memory and writes it in batches:
// a boot storm or an attack costs one transaction per flush interval, not
// one per request.
type journal struct {
	src Source

	mu       sync.Mutex
	fetches  map[string]app.Fetch
	refusals []app.Refusal
	dropped  int
	// displaced are fetches a later fetch of the same device from another
	// address or User-Agent replaced before the flush: the fraud signal
	// compares them (app.Fetch.MAC); they record nothing else.
	displaced []app.Fetch
}

func newJournal(src Source) *journal {
	return &journal{src: src, fetches: map[string]app.Fetch{}}
}

// fetch records an answered fetch; a device's later fetch replaces an
// earlier one, but an action or password delivery still to be recorded
// is kept.
func (j *journal) fetch(f app.Fetch) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if old, ok := j.fetches[f.DeviceID]; ok {
		if f.PendingAction == "" && old.PendingAction != "" {
			f.PendingAction, f.Version = old.PendingAction, old.Version
		}
		if f.WorkplaceID == "" && old.WorkplaceID != "" {
			f.WorkplaceID, f.WorkplaceVersion = old.WorkplaceID, old.WorkplaceVersion
		}
		if (old.Access.IP != f.Access.IP || old.Access.UserAgent != f.Access.UserAgent) && len(j.displaced) < maxRefusalsPerFlush {
			j.displaced = append(j.displaced, app.Fetch{DeviceID: old.DeviceID, Access: old.Access, Displaced: true})
		}
	}
	j.fetches[f.DeviceID] = f
}

// refusal records a refused fetch for the security events.
func (j *journal) refusal(r app.Refusal) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.refusals) >= maxRefusalsPerFlush {
		j.dropped++
		return
	}
	j.refusals = append(j.refusals, r)
}

// flush writes everything collected so far.
func (j *journal) flush(ctx context.Context, now time.Time) error {
	j.mu.Lock()
	fetches := make([]app.Fetch, 0, len(j.fetches)+len(j.displaced))
	for _, f := range j.fetches {
		fetches = append(fetches, f)
	}
	fetches = append(fetches, j.displaced...)
	refusals, dropped := j.refusals, j.dropped
	j.fetches, j.refusals, j.dropped, j.displaced = map[string]app.Fetch{}, nil, 0, nil
	j.mu.Unlock()
	for i := range fetches {
		// The MAC a fetch showed, for the fraud signal, is worked out here,
		// off the request path; a conflicting one counts as none.
		fetches[i].MAC, _ = shownMAC(fetches[i].Access.UserAgent, fetches[i].Access.File, "")
	}
	if dropped > 0 {
		refusals = append(refusals, app.Refusal{At: now, Reason: fmt.Sprintf("%d further refused fetches in this interval were not recorded one by one", dropped)})
	}
	return errors.Join(j.src.RecordFetches(ctx, fetches), j.src.RecordRefusals(ctx, refusals))
}
