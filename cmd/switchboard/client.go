package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// globals are the flags every client subcommand shares.
type globals struct {
	server string
	token  string
	data   string
	json   bool
	// tokenSource is where --token got its value: the flag or the
	// environment; empty when it was not set.
	tokenSource string
	// scope caches the customer the token is bound to ("" for the
	// operator), once asked.
	scope *string
}

func (g *globals) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.server, "server", "http://127.0.0.1:8080", "API address of the Switchboard server")
	fs.StringVar(&g.token, "token", "", "API token (default: the operator token in --data)")
	fs.StringVar(&g.data, "data", "./data", "data directory (for the operator token and offline commands)")
	fs.BoolVar(&g.json, "json", false, "print JSON instead of a table")
}

// client returns an API client, taking the token from --token, the
// environment, or the operator token file of the data directory, and
// remembering which, so that a refusal names the token tried.
func (g *globals) client() (*apiclient.Client, error) {
	tok, source := g.token, g.tokenSource
	if tok == "" {
		path := filepath.Join(g.data, operatorTokenFile)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, errors.New("no API token: give --token or SWITCHBOARD_TOKEN, or run in the directory whose data/operator.token the server wrote")
		}
		tok = strings.TrimSpace(string(b))
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		source = "the file " + path
	}
	c := apiclient.New(g.server, tok)
	c.TokenSource = source
	return c, nil
}

// tokenCustomer returns the customer the token is bound to, or "" for an
// operator's token, asking the server once per command.
func (g *globals) tokenCustomer(cmd *cobra.Command) (string, error) {
	if g.scope != nil {
		return *g.scope, nil
	}
	c, err := g.client()
	if err != nil {
		return "", err
	}
	var self struct {
		Customer string `json:"customer"`
	}
	if err := c.Do(cmd.Context(), http.MethodGet, "/api/v1/tokens/self", nil, &self); err != nil {
		return "", fmt.Errorf("ask the server for the token's customer: %w", err)
	}
	g.scope = &self.Customer
	return self.Customer, nil
}

// customer returns the --customer value given, or else the customer the
// token is bound to; it fails when neither names one.
func (g *globals) customer(cmd *cobra.Command, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	c, err := g.tokenCustomer(cmd)
	if err != nil {
		return "", err
	}
	if c == "" {
		return "", errRequired("customer")
	}
	return c, nil
}

// customerOrAll returns the --customer value given, or else the token's
// customer, or "" for an operator's token, which sees all.
func (g *globals) customerOrAll(cmd *cobra.Command, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	return g.tokenCustomer(cmd)
}

// noteTokenSource records whether --token came from the command line or,
// after bindEnv, from SWITCHBOARD_TOKEN.
func (g *globals) noteTokenSource(cmd *cobra.Command, afterEnv bool) {
	f := cmd.Flag("token")
	if f == nil || !f.Changed || g.tokenSource != "" {
		return
	}
	g.tokenSource = "--token"
	if afterEnv {
		g.tokenSource = "the environment variable SWITCHBOARD_TOKEN"
	}
}

// call sends one request and prints the answer.
func (g *globals) call(cmd *cobra.Command, method, path string, body any) error {
	c, err := g.client()
	if err != nil {
		return err
	}
	var raw json.RawMessage
	if err := c.Do(cmd.Context(), method, path, body, &raw); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	switch {
	case len(raw) == 0:
		fmt.Fprintln(out, "done")
		return nil
	case g.json:
		return printJSON(out, raw)
	}
	if items, ok := listItems(raw); ok {
		return printTable(out, columnsOf(items), items)
	}
	return printRecord(out, raw)
}

// list fetches every page and prints the items.
func (g *globals) list(cmd *cobra.Command, path string, query url.Values, columns []string) error {
	c, err := g.client()
	if err != nil {
		return err
	}
	items, err := c.List(cmd.Context(), path, query, 0)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if g.json {
		b, _ := json.Marshal(items)
		if items == nil {
			b = []byte("[]")
		}
		return printJSON(out, b)
	}
	return printTable(out, columns, items)
}

// columnsOf picks the scalar fields of the first item, for answers that
// have no declared columns.
func columnsOf(items []json.RawMessage) []string {
	if len(items) == 0 {
		return []string{"id"}
	}
	var m map[string]any
	if json.Unmarshal(items[0], &m) != nil {
		return []string{"id"}
	}
	var cols []string
	for _, k := range sortedKeys(m) {
		switch m[k].(type) {
		case map[string]any, []any:
		default:
			cols = append(cols, k)
		}
	}
	return cols
}

// bindEnv lets every flag of cmd and its parents come from
// SWITCHBOARD_<NAME> (dashes as underscores) when not given on the line.
func bindEnv(cmd *cobra.Command) error {
	var firstErr error
	set := func(f *pflag.Flag) {
		if f.Changed {
			return
		}
		env := "SWITCHBOARD_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if err := f.Value.Set(v); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("%s: %w", env, err)
			}
			f.Changed = true
		}
	}
	cmd.Flags().VisitAll(set)
	cmd.InheritedFlags().VisitAll(set)
	return firstErr
}
