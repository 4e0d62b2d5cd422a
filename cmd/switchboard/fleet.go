package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"github.com/spf13/cobra"
)

// fleetCommand shows the fleet statistics of one customer or of all.
func fleetCommand(g *globals) *cobra.Command {
	var customer string
	c := &cobra.Command{
		Use: "fleet", Short: "Show the fleet: online share, devices by model and firmware, never-seen, stale and double-registered devices",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			id, err := g.customerOrAll(cmd, customer)
			if err != nil {
				return err
			}
			path := "/api/v1/fleet"
			if id != "" {
				path = "/api/v1/customers/" + url.PathEscape(id) + "/fleet"
			}
			return g.call(cmd, http.MethodGet, path, nil)
		},
	}
	c.Flags().StringVar(&customer, "customer", "", "customer id (default: the token's customer, or all for the operator)")
	return c
}

// deviceDiffCommand prints what a sync would change on a device, file by
// file, as the unified difference the API gives (--json for the answer).
func deviceDiffCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use: "diff ID", Short: "Show what a sync or reset would change on the device (secrets masked)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.printDiff(cmd, "/api/v1/devices/"+url.PathEscape(args[0])+"/profile-diff",
				"nothing changes: the device has the profile it would get now")
		},
	}
}

// printDiff prints a profile difference the API answers at path, file by
// file (--json for the answer itself); same is the line for no change.
func (g *globals) printDiff(cmd *cobra.Command, path, same string) error {
	if g.json {
		return g.call(cmd, http.MethodGet, path, nil)
	}
	c, err := g.client()
	if err != nil {
		return err
	}
	var d struct {
		Changes bool `json:"changes"`
		Files   []struct {
			Name, State, Diff string
		} `json:"files"`
	}
	if err := c.Do(cmd.Context(), http.MethodGet, path, nil, &d); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if !d.Changes {
		fmt.Fprintln(out, same)
		return nil
	}
	for _, f := range d.Files {
		fmt.Fprintf(out, "--- %s (%s)\n%s", f.Name, f.State, f.Diff)
	}
	return nil
}

// deviceQRCommand writes the QR code of a soft client's provisioning URL.
func deviceQRCommand(g *globals) *cobra.Command {
	var file string
	var size int
	c := &cobra.Command{
		Use: "qr ID", Short: "Write the QR code of a soft client's provisioning URL as a PNG file", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return errors.New("--out is required: the file to write the PNG to")
			}
			c, err := g.client()
			if err != nil {
				return err
			}
			var png json.RawMessage
			path := fmt.Sprintf("/api/v1/devices/%s/qr.png?size=%d", url.PathEscape(args[0]), size)
			if err := c.Do(cmd.Context(), http.MethodGet, path, nil, &png); err != nil {
				return err
			}
			// The code holds the device's access key: readable by the owner only.
			if err := os.WriteFile(file, png, 0o600); err != nil {
				return fmt.Errorf("write %s: %w", file, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%d bytes)\n", file, len(png))
			return nil
		},
	}
	c.Flags().StringVar(&file, "out", "", "the PNG file to write")
	c.Flags().IntVar(&size, "size", 256, "width and height in pixels (128-1024)")
	return c
}
