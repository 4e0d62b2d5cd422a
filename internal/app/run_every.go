package app

import (
	"context"
	"log/slog"
	"time"
)

// runEvery calls step at once, then every poll and whenever wake delivers
// (nil: never), until ctx ends; a step that fails is logged as what and
// tried again at the next turn.
func (s *Service) runEvery(ctx context.Context, poll time.Duration, wake <-chan struct{}, what string, step func(context.Context) error) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if err := step(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, what+": step failed", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-wake:
		}
	}
}
