package apiclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// importTimeout bounds a whole import, sending and answer: a 32 MiB file
// over a slow line takes a while, and a server checks and stores 10,000
// rows in a few seconds.
const importTimeout = 10 * time.Minute

// progressEvery is how often an import reports its progress at most.
const progressEvery = 250 * time.Millisecond

// ImportCSV streams a CSV file with a header line to an import endpoint
// (POST path, text/csv) and returns the answer's body; a refusal is an
// *Error. size is the file's length, -1 when unknown. While the file is
// sent, and once at the end, a line on progress tells how much of it went
// and how many rows (lines after the header) that was.
func (c *Client) ImportCSV(ctx context.Context, path string, file io.Reader, size int64, progress io.Writer) ([]byte, error) {
	p := &importProgress{r: file, size: size, out: progress, every: progressEvery, shown: -1}
	b, err := c.postFile(ctx, path, "text/csv", p, size, importTimeout, "import")
	p.finish()
	return b, err
}

// postFile sends body (size bytes, -1 when unknown) with POST to path as
// contentType, waiting for the answer at most timeout; doing names the
// sending in an error.
func (c *Client) postFile(ctx context.Context, path, contentType string, body io.Reader, size int64, timeout time.Duration, doing string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+path, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", contentType)
	hc := *c.HTTP
	hc.Timeout = timeout
	return c.send(&hc, req, doing, "read the server's answer")
}

// importProgress counts the bytes and lines read from r while the HTTP
// client sends them, and writes a progress line to out at most every
// interval.
type importProgress struct {
	r     io.Reader
	size  int64
	out   io.Writer
	every time.Duration

	mu    sync.Mutex
	sent  int64
	lines int64
	last  time.Time
	// shown is the byte count of the last line written, -1 before the
	// first: a count already on the screen is not written again (the
	// read that meets the end of the file adds no bytes).
	shown int64
}

// Read passes the file on and reports progress.
func (p *importProgress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent += int64(n)
	p.lines += int64(bytes.Count(b[:n], []byte{'\n'}))
	if now := time.Now(); now.Sub(p.last) >= p.every || errors.Is(err, io.EOF) {
		p.last = now
		p.report()
	}
	return n, err
}

// report writes one progress line unless it shows the count the last
// one showed; the caller holds mu.
func (p *importProgress) report() {
	if p.sent == p.shown {
		return
	}
	rows := max(p.lines-1, 0) // the header is no row
	if p.size > 0 {
		fmt.Fprintf(p.out, "sent %s of %s (%d%%), %d rows\n", byteSize(p.sent), byteSize(p.size), p.sent*100/p.size, rows)
	} else {
		fmt.Fprintf(p.out, "sent %s, %d rows\n", byteSize(p.sent), rows)
	}
	p.shown = p.sent
}

// finish writes the final count if no line showed it yet.
func (p *importProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.report()
}

// byteSize writes a byte count for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
