package apiclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// csvFile is a header line and rows device lines.
func csvFile(rows int) string {
	var b strings.Builder
	b.WriteString("model,mac,description,workplace\n")
	for i := range rows {
		fmt.Fprintf(&b, "yealink-t46s,805ec0%06x,Desk %d,\n", i, i)
	}
	return b.String()
}

// TestImportCSV streams a file of known and of unknown size: the server
// gets it whole as text/csv with the token, and the last progress line
// counts every byte and row, each count shown once.
func TestImportCSV(t *testing.T) {
	file := csvFile(40)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Path != "/import" || r.Header.Get("Content-Type") != "text/csv" ||
			r.Header.Get("Authorization") != "Bearer tok" || string(body) != file {
			t.Errorf("got %s %s %q %q, %d bytes", r.Method, r.URL.Path, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), len(body))
		}
		fmt.Fprintf(w, `{"created":%d,"length":%d}`, strings.Count(string(body), "\n")-1, r.ContentLength)
	}))
	defer srv.Close()
	for _, c := range []struct {
		size     int64
		answer   string
		lastLine string
	}{
		{size: int64(len(file)), answer: fmt.Sprintf(`{"created":40,"length":%d}`, len(file)), lastLine: "sent 1.4 KiB of 1.4 KiB (100%), 40 rows"},
		{size: -1, answer: `{"created":40,"length":-1}`, lastLine: "sent 1.4 KiB, 40 rows"},
	} {
		var progress strings.Builder
		raw, err := New(srv.URL, "tok").ImportCSV(context.Background(), "/import", strings.NewReader(file), c.size, &progress)
		if err != nil || string(raw) != c.answer {
			t.Errorf("size %d: answer %s, %v; want %s", c.size, raw, err, c.answer)
		}
		lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
		if last := lines[len(lines)-1]; last != c.lastLine {
			t.Errorf("size %d: progress ends with %q, want %q", c.size, last, c.lastLine)
		}
		// A count is shown once: the end of the file adds no second line
		// for bytes already reported.
		for i := 1; i < len(lines); i++ {
			if lines[i] == lines[i-1] {
				t.Errorf("size %d: progress line %q printed twice", c.size, lines[i])
			}
		}
	}
}

// TestImportCSVRefused: a refused file comes back as an *Error with the
// lines the server named, and the progress still ends with a count; a
// server that cannot be reached is named an import's failure.
func TestImportCSVRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"title":"Unprocessable Entity","detail":"nothing was imported: 1 line(s) refused","errors":[{"location":"line 3 model","message":"unknown model"}]}`)
	}))
	defer srv.Close()
	file := csvFile(5)
	var progress strings.Builder
	_, err := New(srv.URL, "tok").ImportCSV(context.Background(), "/import", strings.NewReader(file), int64(len(file)), &progress)
	var e *Error
	if !errors.As(err, &e) || e.Status != 422 || len(e.Fields) != 1 || e.Fields[0].Location != "line 3 model" {
		t.Fatalf("got %v", err)
	}
	if !strings.HasPrefix(progress.String(), "sent ") {
		t.Errorf("no progress: %q", progress.String())
	}
	srv.Close()
	if _, err := New(srv.URL, "tok").ImportCSV(context.Background(), "/import", strings.NewReader(file), int64(len(file)), io.Discard); err == nil || !strings.HasPrefix(err.Error(), "import: ") {
		t.Errorf("server gone: %v", err)
	}
}

// TestImportProgress: a line on the first read and at the end of the
// file, none in between within the interval; finish adds a line only when
// the sending stopped short of the end.
func TestImportProgress(t *testing.T) {
	file := csvFile(3) // 4 lines
	for _, c := range []struct {
		name  string
		read  int // bytes read before finish; -1: all
		lines []string
	}{
		{name: "whole file", read: -1, lines: []string{
			"sent 1 B of 134 B (0%), 0 rows",
			"sent 134 B of 134 B (100%), 3 rows",
		}},
		{name: "stopped short", read: 80, lines: []string{
			"sent 1 B of 134 B (0%), 0 rows",
			"sent 80 B of 134 B (59%), 1 rows",
		}},
	} {
		var out strings.Builder
		p := &importProgress{r: iotest.OneByteReader(strings.NewReader(file)), size: int64(len(file)), out: &out, every: time.Hour}
		var err error
		if c.read < 0 {
			_, err = io.ReadAll(p)
		} else {
			_, err = io.ReadFull(p, make([]byte, c.read))
		}
		if err != nil {
			t.Fatal(err)
		}
		p.finish()
		if got := strings.Split(strings.TrimSpace(out.String()), "\n"); strings.Join(got, "\n") != strings.Join(c.lines, "\n") {
			t.Errorf("%s: progress\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.lines, "\n"))
		}
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 16 << 20: "16.0 MiB", 5<<20 + 1<<19: "5.5 MiB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
