package sim

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// stats are the fleet's counters, shared by all groups.
type stats struct {
	fetches   atomic.Int64 // completed profile fetches
	registers atomic.Int64 // first registrations after a boot
	online    atomic.Int64
	errors    atomic.Int64
	notifies  atomic.Int64
	busy      atomic.Int64 // answers "retry later"

	mu       sync.Mutex
	kinds    map[string]int
	samples  map[string]string
	fetchLat []time.Duration
	regLat   []time.Duration
}

func newStats() *stats {
	return &stats{kinds: map[string]int{}, samples: map[string]string{}}
}

func (s *stats) fetched(d time.Duration) {
	s.fetches.Add(1)
	s.mu.Lock()
	s.fetchLat = append(s.fetchLat, d)
	s.mu.Unlock()
}

func (s *stats) registered(d time.Duration) {
	s.registers.Add(1)
	s.mu.Lock()
	s.regLat = append(s.regLat, d)
	s.mu.Unlock()
}

// fail counts one error of a kind and keeps the first message of each
// kind as its example.
func (s *stats) fail(kind string, err error) {
	s.errors.Add(1)
	s.mu.Lock()
	s.kinds[kind]++
	if _, ok := s.samples[kind]; !ok && err != nil {
		s.samples[kind] = err.Error()
	}
	s.mu.Unlock()
}

// Latency summarises a set of measured durations.
type Latency struct {
	N             int
	P50, P99, Max time.Duration
}

func latency(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(q float64) time.Duration {
		i := int(q*float64(len(s)) + 0.5)
		return s[min(max(i-1, 0), len(s)-1)]
	}
	return Latency{N: len(s), P50: at(0.50), P99: at(0.99), Max: s[len(s)-1]}
}

// Progress is a snapshot while the fleet runs.
type Progress struct {
	Phones, Fetched, Registered, Online, Errors int
	Elapsed                                     time.Duration
}

// String is the live progress line.
func (p Progress) String() string {
	return fmt.Sprintf("%d phones: %d fetched, %d registered, %d online, %d errors, %.1f s",
		p.Phones, p.Fetched, p.Registered, p.Online, p.Errors, p.Elapsed.Seconds())
}

// Report is the outcome of a run.
type Report struct {
	Phones, Online, Errors int
	// AllOnline says whether every phone was online at once; Elapsed is
	// then the time from start until that moment, else the time the run
	// waited.
	AllOnline bool
	Elapsed   time.Duration
	// ErrorKinds counts errors by kind; ErrorExamples holds the first
	// message of each kind.
	ErrorKinds    map[string]int
	ErrorExamples map[string]string
	// Fetch is the time to fetch and read a whole profile (every fetch,
	// resyncs included), Register the time from the first REGISTER of a
	// boot to its 200 (challenge included).
	Fetch, Register Latency
	Notifies        int
	// Busy counts the fetches the server answered "retry later" (503
	// with Retry-After); the phones came back after the time it named.
	Busy int
}

// Summary is the report as printed at the end of a run: exactly one line
// "N phones: N online, E errors, T s", then latency percentiles, then the
// errors by kind.
func (r Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d phones: %d online, %d errors, %.1f s\n", r.Phones, r.Online, r.Errors, r.Elapsed.Seconds())
	fmt.Fprintf(&b, "fetch p50 %s, p99 %s (n=%d); register p50 %s, p99 %s (n=%d)\n",
		ms(r.Fetch.P50), ms(r.Fetch.P99), r.Fetch.N, ms(r.Register.P50), ms(r.Register.P99), r.Register.N)
	if r.Busy > 0 {
		fmt.Fprintf(&b, "told to retry later (503): %d\n", r.Busy)
	}
	kinds := make([]string, 0, len(r.ErrorKinds))
	for k := range r.ErrorKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "error %s: %d (e.g. %s)\n", k, r.ErrorKinds[k], r.ErrorExamples[k])
	}
	return b.String()
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}
