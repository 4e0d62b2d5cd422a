package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServerProfileWritesWhatTheServerAnswers checks that the CPU profile
// is asked for over the window and the heap after a collection, that both
// land in their files, and that a server without profiles is an error.
func TestServerProfileWritesWhatTheServerAnswers(t *testing.T) {
	var asked []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.RequestURI())
		_, _ = w.Write([]byte("profile of " + r.URL.Path))
	}))
	defer ts.Close()
	dir := t.TempDir()
	p := ServerProfile{Addr: strings.TrimPrefix(ts.URL, "http://"), CPUFile: filepath.Join(dir, "cpu"), Window: 3 * time.Second,
		HeapFile: filepath.Join(dir, "heap")}
	ctx := context.Background()
	if err := p.startCPU(ctx)(); err != nil {
		t.Fatal(err)
	}
	if err := p.heap(ctx); err != nil {
		t.Fatal(err)
	}
	if want := "/debug/pprof/profile?seconds=3 /debug/pprof/heap?gc=1"; strings.Join(asked, " ") != want {
		t.Errorf("asked %q, want %q", asked, want)
	}
	for file, want := range map[string]string{p.CPUFile: "profile of /debug/pprof/profile", p.HeapFile: "profile of /debug/pprof/heap"} {
		if b, err := os.ReadFile(file); err != nil || string(b) != want {
			t.Errorf("%s holds %q (%v), want %q", file, b, err, want)
		}
	}
	none := httptest.NewServer(http.NotFoundHandler())
	defer none.Close()
	p.Addr = strings.TrimPrefix(none.URL, "http://")
	if err := p.heap(ctx); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a server without profiles gave %v, want an error with its status", err)
	}
}
