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
// its CPU profile over a window that starts with the storm and for its
// memory in use after the storm, so that a benchmark shows where the
// server spent its time and memory and not only how much.
type ServerProfile struct {
	// Addr is the loopback address serve --pprof listens on.
	Addr string
	// CPUFile, when set, receives the CPU profile.
	CPUFile string
	// Window is how long the server profiles its CPU.
	Window time.Duration
	// HeapFile, when set, receives the heap profile taken after the storm.
	HeapFile string
}

// startCPU begins the CPU profile and returns a function that waits for it
// and writes it to CPUFile.
func (p ServerProfile) startCPU(ctx context.Context) func() error {
	if p.CPUFile == "" {
		return func() error { return nil }
	}
	done := make(chan error, 1)
	go func() {
		done <- p.fetch(ctx, fmt.Sprintf("profile?seconds=%d", max(1, int(p.Window/time.Second))), p.CPUFile)
	}()
	return func() error { return <-done }
}

// heap writes the heap profile to HeapFile, after a collection so that it
// shows what is live.
func (p ServerProfile) heap(ctx context.Context) error {
	if p.HeapFile == "" {
		return nil
	}
	return p.fetch(ctx, "heap?gc=1", p.HeapFile)
}

// fetch writes the answer of /debug/pprof/<what> to file.
func (p ServerProfile) fetch(ctx context.Context, what, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.Addr+"/debug/pprof/"+what, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("server profile: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("server profile %s: %s", what, res.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("create server profile: %w", err)
	}
	_, err = io.Copy(f, res.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
