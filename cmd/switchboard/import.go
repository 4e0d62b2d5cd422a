package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// importCommand is "switchboard device import --customer ID FILE": it
// streams the CSV file to the API, shows progress on stderr, and ends with
// one summary line, or with every bad line the server named.
func importCommand(g *globals) *cobra.Command {
	return csvImportCommand(g, "devices", "Create many devices from a CSV file, all or nothing",
		"The file starts with a header line naming the columns model, mac, description and workplace "+
			"(a workplace's username, or empty for a free hot-desk device), optionally mac_provisioning (off or once) "+
			"and base (a DECT handset's base: its id, or the MAC of a base on an earlier line); then one device per "+
			"line, separated by commas or semicolons. A file with any bad line creates nothing. Use - to read standard input.")
}

// csvImportCommand is "import --customer ID FILE.csv" for the customer's
// collection plural (devices, contacts): the file goes to
// /customers/{id}/<plural>/import, and the answer's "created" is counted.
func csvImportCommand(g *globals, plural, short, long string) *cobra.Command {
	var customer string
	cmd := &cobra.Command{
		Use:   "import --customer ID FILE.csv",
		Short: short,
		Long:  long,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			customer, c, f, size, err := g.importFrom(cmd, customer, args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			start := time.Now()
			var res struct {
				Created int `json:"created"`
			}
			raw, err := c.ImportCSV(cmd.Context(), "/api/v1/customers/"+url.PathEscape(customer)+"/"+plural+"/import", f, size, cmd.ErrOrStderr())
			if err != nil {
				return importFailure(cmd, err)
			}
			if g.json {
				return printJSON(cmd.OutOrStdout(), raw)
			}
			if err := json.Unmarshal(raw, &res); err != nil {
				return fmt.Errorf("read the server's answer: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d %s in %.1f s\n", res.Created, plural, time.Since(start).Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&customer, "customer", "", "customer id")
	return cmd
}

// importFrom resolves the customer an import goes to, connects, and opens
// the file to import (see openImportFile).
func (g *globals) importFrom(cmd *cobra.Command, customer, file string) (string, *apiclient.Client, io.ReadCloser, int64, error) {
	customer, err := g.customer(cmd, customer)
	if err != nil {
		return "", nil, nil, 0, err
	}
	c, err := g.client()
	if err != nil {
		return "", nil, nil, 0, err
	}
	f, size, err := openImportFile(file)
	return customer, c, f, size, err
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
