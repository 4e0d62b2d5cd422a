package provision_test

import (
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
)

// discardWriter is a ResponseWriter that keeps the status and drops the
// body, so a benchmark measures the handler, not a recorder.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

// BenchmarkCachedProfileFetch measures the handler's work for a profile
// answered from the cache (the device's data cached, its file rendered),
// as the fetches after a phone's first one are.
func BenchmarkCachedProfileFetch(b *testing.B) {
	e := newEnv(b, 20)
	d := e.device("yealink-t54w", "001565000001", true)
	path := "/" + key(d) + "/" + d.MAC + ".cfg"
	if r := e.get(path, yealinkUA, ""); r.status != http.StatusOK {
		b.Fatalf("first fetch: %d %s", r.status, r.body)
	}
	req := httptest.NewRequest(http.MethodGet, "https://prov.example.net"+path, nil)
	req.Header.Set("User-Agent", yealinkUA)
	req.RemoteAddr = "198.51.100.20:33000"
	w := &discardWriter{header: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	var start, end syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &start)
	for range b.N {
		clear(w.header)
		w.status = http.StatusOK
		e.srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("fetch: %d", w.status)
		}
	}
	// CPU time per fetch, the collector's included: on a shared machine
	// it varies less than the wall time.
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &end)
	cpu := end.Utime.Nano() + end.Stime.Nano() - start.Utime.Nano() - start.Stime.Nano()
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}
