package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// importTimeout bounds a whole import, upload and answer; a 16 MiB file
// over a slow line takes a while, 10,000 rows a few seconds.
const importTimeout = 10 * time.Minute

// importCommand is "switchboard device import --customer ID FILE": it
// streams the CSV file to the API, shows progress on stderr, and ends with
// one summary line, or with every bad line the server named.
func importCommand(g *globals) *cobra.Command {
	var customer string
	cmd := &cobra.Command{
		Use:   "import --customer ID FILE.csv",
		Short: "Create many devices from a CSV file, all or nothing",
		Long: "The file starts with a header line naming the columns model, mac, description and workplace " +
			"(a workplace's username, or empty for a free hot-desk device), optionally mac_provisioning (off or once) " +
			"and base (a DECT handset's base: its id, or the MAC of a base on an earlier line); then one device per " +
			"line, separated by commas or semicolons. A file with any bad line creates nothing. Use - to read standard input.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if customer == "" {
				return errors.New("--customer is required")
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			f, size, err := openImportFile(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			start := time.Now()
			progress := &uploadProgress{r: f, size: size, out: cmd.ErrOrStderr(), every: 250 * time.Millisecond}
			var res struct {
				Created int `json:"created"`
			}
			raw, err := upload(cmd, c, "/api/v1/customers/"+url.PathEscape(customer)+"/devices/import", progress, size)
			progress.finish()
			if err != nil {
				return importFailure(cmd, err)
			}
			if g.json {
				return printJSON(cmd.OutOrStdout(), raw)
			}
			if err := json.Unmarshal(raw, &res); err != nil {
				return fmt.Errorf("read the server's answer: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d devices in %.1f s\n", res.Created, time.Since(start).Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&customer, "customer", "", "customer id")
	return cmd
}

// openImportFile opens the file to import ("-": standard input) and tells
// its size, -1 when unknown.
func openImportFile(name string) (io.ReadCloser, int64, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), -1, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, fmt.Errorf("open the import file: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("open the import file: %w", err)
	}
	return f, fi.Size(), nil
}

// upload streams body as text/csv to path and returns the answer.
func upload(cmd *cobra.Command, c *apiclient.Client, path string, body io.Reader, size int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(cmd.Context(), http.MethodPost, c.BaseURL+path, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := *c.HTTP
	hc.Timeout = importTimeout
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read the server's answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		e := &apiclient.Error{Status: resp.StatusCode}
		var p struct {
			Title  string                 `json:"title"`
			Detail string                 `json:"detail"`
			Errors []apiclient.FieldError `json:"errors"`
		}
		if json.Unmarshal(raw, &p) == nil {
			e.Title, e.Detail, e.Fields = p.Title, p.Detail, p.Errors
		}
		if e.Title == "" {
			e.Title = http.StatusText(resp.StatusCode)
		}
		return nil, e
	}
	return raw, nil
}

// importFailure prints each bad line the server named on stderr and
// returns the refusal's summary.
func importFailure(cmd *cobra.Command, err error) error {
	var e *apiclient.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	for _, f := range e.Fields {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", f.Location, f.Message)
	}
	msg := e.Detail
	if msg == "" {
		msg = e.Title
	}
	return fmt.Errorf("%s (HTTP %d)", msg, e.Status)
}

// uploadProgress counts the bytes and lines read from r while the HTTP
// client sends them, and writes a progress line to out at most every
// interval.
type uploadProgress struct {
	r     io.Reader
	size  int64
	out   io.Writer
	every time.Duration

	mu      sync.Mutex
	sent    int64
	lines   int64
	last    time.Time
	printed bool
}

// Read passes the file on and reports progress.
func (p *uploadProgress) Read(b []byte) (int, error) {
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

// report writes one progress line; the caller holds mu.
func (p *uploadProgress) report() {
	rows := max(p.lines-1, 0) // the header is no device
	if p.size > 0 {
		fmt.Fprintf(p.out, "sent %s of %s (%d%%), %d rows\n", size(p.sent), size(p.size), p.sent*100/p.size, rows)
	} else {
		fmt.Fprintf(p.out, "sent %s, %d rows\n", size(p.sent), rows)
	}
	p.printed = true
}

// finish writes the final count if no line showed it yet.
func (p *uploadProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.printed || p.sent < p.size {
		p.report()
	}
}

// size writes a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// keysCommand is "switchboard device keys get|set": a device's function
// keys as a table or JSON, and replacing them from a JSON file.
func keysCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "keys", Short: "Show or replace a device's function keys"}
	columns := []string{"module", "index", "type", "value", "label"}
	get := &cobra.Command{
		Use: "get ID", Short: "Show the device's function keys", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			var d struct {
				Keys []json.RawMessage `json:"keys"`
			}
			if err := c.Do(cmd.Context(), http.MethodGet, "/api/v1/devices/"+url.PathEscape(args[0]), nil, &d); err != nil {
				return err
			}
			return printKeys(cmd, g, columns, d.Keys)
		},
	}
	var file string
	set := &cobra.Command{
		Use:   "set ID --file keys.json",
		Short: "Replace the device's function keys, all or nothing",
		Long: "The file is a JSON list of keys: [{\"module\": 0, \"index\": 1, \"type\": \"blf\", \"value\": \"201\", \"label\": \"Anna\"}]. " +
			"Module 0 is the phone, 1..n its expansion modules; types: line, speed_dial, blf, voicemail, directory, group, extension " +
			"(as the model supports). An empty list clears the keys. Use --file - to read standard input.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return errors.New("--file is required")
			}
			var raw []byte
			var err error
			if file == "-" {
				raw, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1<<20))
			} else {
				raw, err = os.ReadFile(file)
			}
			if err != nil {
				return fmt.Errorf("read the keys file: %w", err)
			}
			var keys []json.RawMessage
			if err := json.Unmarshal(raw, &keys); err != nil {
				return fmt.Errorf("the keys file must be a JSON list of keys: %v", strings.TrimPrefix(err.Error(), "json: "))
			}
			if keys == nil {
				keys = []json.RawMessage{}
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			var d struct {
				Keys []json.RawMessage `json:"keys"`
			}
			if err := c.Do(cmd.Context(), http.MethodPut, "/api/v1/devices/"+url.PathEscape(args[0])+"/keys", keys, &d); err != nil {
				return err
			}
			return printKeys(cmd, g, columns, d.Keys)
		},
	}
	set.Flags().StringVar(&file, "file", "", "JSON file with the keys (- for standard input)")
	root.AddCommand(get, set)
	return root
}

// printKeys shows keys as a table, or as JSON with --json.
func printKeys(cmd *cobra.Command, g *globals, columns []string, keys []json.RawMessage) error {
	if g.json {
		b, err := json.Marshal(keys)
		if err != nil {
			return err
		}
		if keys == nil {
			b = []byte("[]")
		}
		return printJSON(cmd.OutOrStdout(), b)
	}
	return printTable(cmd.OutOrStdout(), columns, keys)
}
