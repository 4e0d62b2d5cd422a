package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// ServerProfile asks the server's profiling endpoint (serve --pprof) for
// its CPU profile over a window that starts with the storm, so that a
// benchmark shows where the server spent its time and not only how much.
type ServerProfile struct {
	// Addr is the loopback address serve --pprof listens on.
	Addr string
	// File receives the profile.
	File string
	// Window is how long the server profiles.
	Window time.Duration
}

// start begins the profile and returns a function that waits for it and
// writes it to File.
func (p ServerProfile) start(ctx context.Context) func() error {
	done := make(chan error, 1)
	go func() {
		url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.Addr, max(1, int(p.Window/time.Second)))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			done <- err
			return
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- fmt.Errorf("server CPU profile: %w", err)
			return
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			done <- fmt.Errorf("server CPU profile: %s", res.Status)
			return
		}
		f, err := os.Create(p.File)
		if err != nil {
			done <- fmt.Errorf("create server CPU profile: %w", err)
			return
		}
		_, err = io.Copy(f, res.Body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	return func() error { return <-done }
}
