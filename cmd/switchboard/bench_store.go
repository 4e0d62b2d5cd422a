package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/bench"
)

// storeBenchConfig holds the flags of "bench store".
type storeBenchConfig struct {
	store     string
	db        string
	devices   int
	customers int
	batch     int
	samples   int
	imports   int
	timeout   time.Duration
}

func storeBenchCommand() *cobra.Command {
	var c storeBenchConfig
	cmd := &cobra.Command{
		Use:   "store",
		Short: "Fill a store with a million devices and measure its lookups, device lists and a CSV import",
		Long: `Load --devices devices into a new store (SQLite in a temporary data directory, or
the empty PostgreSQL database --db names) straight through the store, in transactions
of --batch devices; then time, one after another, --samples access-key lookups and
device list pages (first and deep pages of a large and a small customer, a
workplace's devices); then start "switchboard serve" on that store and import a CSV
file of --import devices through the API, as "switchboard device import" does.
Prints a line per figure with its p50, p99 and the issue's goal, and a summary line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runStoreBench(cmd, c) },
	}
	fs := cmd.Flags()
	fs.StringVar(&c.store, "store", "sqlite", "sqlite or postgres")
	fs.StringVar(&c.db, "db", "", "postgres://... URL of an empty database (--store postgres)")
	fs.IntVar(&c.devices, "devices", 1000000, "devices to load")
	fs.IntVar(&c.customers, "customers", 100, "customers sharing the devices; the first owns half of them")
	fs.IntVar(&c.batch, "batch", 5000, "devices per load transaction")
	fs.IntVar(&c.samples, "samples", 2000, "runs of each measured query")
	fs.IntVar(&c.imports, "import", 100000, "devices in the imported CSV file (0: no import)")
	fs.DurationVar(&c.timeout, "timeout", time.Hour, "give up after this long")
	return cmd
}

func runStoreBench(cmd *cobra.Command, c storeBenchConfig) error {
	switch {
	case c.store == "sqlite" && c.db == "":
	case c.store == "postgres" && strings.HasPrefix(c.db, "postgres"):
	default:
		return switchboard.FieldErrorf("store", "--store is sqlite (without --db) or postgres with --db postgres://...")
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), c.timeout)
	defer cancel()
	out, progress := cmd.OutOrStdout(), cmd.ErrOrStderr()
	dir, err := os.MkdirTemp("", "switchboard-storebench-")
	if err != nil {
		return fmt.Errorf("create a data directory: %w", err)
	}
	defer os.RemoveAll(dir)
	b, err := openBase(ctx, dir, c.db, nil)
	if err != nil {
		return err
	}
	var models []string
	for _, m := range b.cat.Models() {
		if m.Kind == switchboard.KindDeskPhone {
			models = append(models, m.ID)
		}
	}
	start := time.Now()
	loaded, err := bench.LoadFleet(ctx, b.db.store, bench.Fleet{Devices: c.devices, Customers: c.customers, Models: models, Batch: c.batch}, progress)
	if err != nil {
		b.db.store.Close()
		return err
	}
	loadTime := time.Since(start)
	fmt.Fprintf(progress, "measuring %d runs of each query\n", c.samples)
	figures, err := bench.MeasureStore(ctx, b.db.store, loaded, c.samples)
	b.db.store.Close()
	if err != nil {
		return err
	}
	for _, f := range figures {
		fmt.Fprintln(out, f)
	}
	summary := fmt.Sprintf("store %s: %d devices loaded in %.1f s; %s", c.store, c.devices, loadTime.Seconds(), bench.StoreSummary(figures))
	if c.imports > 0 {
		took, cpu, err := timeImport(ctx, dir, c, models, progress)
		if err != nil {
			return err
		}
		summary += "; " + bench.ImportSummary(c.imports, took, cpu)
	}
	fmt.Fprintf(out, "%s; load average %s\n", summary, bench.LoadAverage())
	return nil
}

// timeImport starts serve on the benchmark's store, creates a customer
// through the API and imports n devices into it from a CSV file, returning
// how long the import took from the first byte sent to the answer and the
// server's CPU time meanwhile, which tells apart a slow import from a busy
// machine.
func timeImport(ctx context.Context, dir string, c storeBenchConfig, models []string, progress io.Writer) (took, cpu time.Duration, err error) {
	file := filepath.Join(dir, "import.csv")
	f, err := os.Create(file)
	if err != nil {
		return 0, 0, fmt.Errorf("create the import file: %w", err)
	}
	err = bench.WriteImportCSV(f, c.imports, models)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, err
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, 0, fmt.Errorf("find this program to start the server: %w", err)
	}
	var args []string
	if c.db != "" {
		args = []string{"--db", c.db}
	}
	fmt.Fprintln(progress, "starting switchboard serve on the loaded store")
	srv, client, err := serveChild(ctx, exe, dir, args...)
	if err != nil {
		return 0, 0, err
	}
	defer srv.Stop()
	var customer struct {
		ID string `json:"id"`
	}
	if err := client.Do(ctx, "POST", "/api/v1/customers", map[string]any{"name": "Import", "admin_email": "import@example.com"}, &customer); err != nil {
		return 0, 0, fmt.Errorf("create the import's customer: %w", err)
	}
	in, err := os.Open(file)
	if err != nil {
		return 0, 0, fmt.Errorf("open the import file: %w", err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return 0, 0, fmt.Errorf("open the import file: %w", err)
	}
	cpu0, err := bench.CPU(srv.Pid())
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	raw, err := client.ImportCSV(ctx, "/api/v1/customers/"+url.PathEscape(customer.ID)+"/devices/import", in, fi.Size(), progress)
	took = time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("import: %w", err)
	}
	var res struct {
		Created int `json:"created"`
	}
	if err := json.Unmarshal(raw, &res); err != nil || res.Created != c.imports {
		return 0, 0, fmt.Errorf("the import created %d devices of %d (%v)", res.Created, c.imports, err)
	}
	cpu1, err := bench.CPU(srv.Pid())
	if err != nil {
		return 0, 0, err
	}
	return took, cpu1 - cpu0, nil
}
