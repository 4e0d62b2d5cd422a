package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/spf13/cobra"
)

// historyCommands are the device's settings history and its rollback.
func historyCommands(g *globals) []*cobra.Command {
	var version, from, to int
	history := &cobra.Command{
		Use: "history ID", Short: "List the device's settings history, or show one version's files with --version (secrets masked)",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "/api/v1/devices/" + url.PathEscape(args[0]) + "/history"
			if version > 0 {
				return g.printVersion(cmd, fmt.Sprintf("%s/%d", path, version))
			}
			if g.json {
				return g.call(cmd, http.MethodGet, path, nil)
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			var h struct {
				Versions []json.RawMessage `json:"versions"`
			}
			if err := c.Do(cmd.Context(), http.MethodGet, path, nil, &h); err != nil {
				return err
			}
			return printTable(cmd.OutOrStdout(), []string{"version", "at", "cause.action", "cause.object", "size", "files"}, h.Versions)
		},
	}
	history.Flags().IntVar(&version, "version", 0, "show this version's files")
	diff := &cobra.Command{
		Use: "history-diff ID", Short: "Show the difference between two versions of the device's settings history (secrets masked)",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q := url.Values{}
			if from > 0 {
				q.Set("from", fmt.Sprint(from))
			}
			if to > 0 {
				q.Set("to", fmt.Sprint(to))
			}
			return g.printDiff(cmd, "/api/v1/devices/"+url.PathEscape(args[0])+"/history/diff?"+q.Encode(), "the two versions are the same")
		},
	}
	diff.Flags().IntVar(&from, "from", 0, "the older version (default: the one before --to)")
	diff.Flags().IntVar(&to, "to", 0, "the newer version (default: the newest)")
	var back int
	rollback := &cobra.Command{
		Use: "rollback ID --version N", Short: "Restore the settings of a version of the device's history and tell the phone",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodPost, "/api/v1/devices/"+url.PathEscape(args[0])+"/rollback", map[string]any{"version": back})
		},
	}
	rollback.Flags().IntVar(&back, "version", 0, "the version to restore (see 'device history')")
	_ = rollback.MarkFlagRequired("version")
	return []*cobra.Command{history, diff, rollback}
}

// printVersion prints one version's files (--json for the answer).
func (g *globals) printVersion(cmd *cobra.Command, path string) error {
	if g.json {
		return g.call(cmd, http.MethodGet, path, nil)
	}
	c, err := g.client()
	if err != nil {
		return err
	}
	var v struct {
		Version  int       `json:"version"`
		At       time.Time `json:"at"`
		Contents []struct {
			Name, Content string
		} `json:"contents"`
	}
	if err := c.Do(cmd.Context(), http.MethodGet, path, nil, &v); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	for _, f := range v.Contents {
		fmt.Fprintf(out, "=== %s (version %d of %s)\n%s", f.Name, v.Version, v.At.Format(time.RFC3339), f.Content)
	}
	return nil
}

// siteCommands are the site's actions beyond plain CRUD.
func siteCommands(g *globals) []*cobra.Command {
	var at string
	rollback := &cobra.Command{
		Use: "rollback ID --at TIME", Short: "Return the site and each of its phones to their settings at a time (RFC 3339) and tell the phones",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := time.Parse(time.RFC3339, at)
			if err != nil {
				return fmt.Errorf("--at: give a time such as 2026-12-01T09:00:00Z: %w", err)
			}
			return g.call(cmd, http.MethodPost, "/api/v1/sites/"+url.PathEscape(args[0])+"/rollback", map[string]any{"at": t.UTC()})
		},
	}
	rollback.Flags().StringVar(&at, "at", "", "the time to return to, RFC 3339")
	_ = rollback.MarkFlagRequired("at")
	return []*cobra.Command{rollback}
}
