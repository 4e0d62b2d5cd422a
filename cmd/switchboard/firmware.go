package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

// firmwareCommand uploads firmware files, pins them per customer or site
// and rolls them out in stages (issue 17).
func firmwareCommand(g *globals) *cobra.Command {
	root := &cobra.Command{Use: "firmware", Short: "Upload firmware, pin it per customer or site, roll it out in stages"}
	root.AddCommand(firmwareUploadCommand(g), firmwareListCommand(g), &cobra.Command{
		Use: "delete ID", Short: "Delete a firmware file no pin or rollout names", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.call(cmd, http.MethodDelete, "/api/v1/firmware/"+url.PathEscape(args[0]), nil)
		},
	}, pinCommand(g), rolloutCommand(g))
	return root
}

// firmwareUploadCommand streams a file to the server with the SHA-256 it
// computed first, so a file damaged on the way is refused.
func firmwareUploadCommand(g *globals) *cobra.Command {
	var model, version, name string
	cmd := &cobra.Command{
		Use: "upload --model MODEL --version VERSION FILE", Short: "Upload a firmware file for a model (operator)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := g.client()
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			sum := sha256.New()
			size, err := io.Copy(sum, f)
			if err != nil {
				return fmt.Errorf("read %s: %w", args[0], err)
			}
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return fmt.Errorf("read %s again: %w", args[0], err)
			}
			if name == "" {
				name = filepath.Base(args[0])
			}
			raw, err := c.UploadFirmware(cmd.Context(), model, version, name, hex.EncodeToString(sum.Sum(nil)), f, size)
			if err != nil {
				return err
			}
			if g.json {
				return printJSON(cmd.OutOrStdout(), raw)
			}
			return printRecord(cmd.OutOrStdout(), raw)
		},
	}
	cmd.Flags().StringVar(&model, "model", "", "catalogue model the firmware is for")
	cmd.Flags().StringVar(&version, "version", "", "the version, as the phone reports it in its User-Agent")
	cmd.Flags().StringVar(&name, "file-name", "", "the vendor's file name (default: the file's own)")
	return cmd
}

func firmwareListCommand(g *globals) *cobra.Command {
	var model string
	cmd := &cobra.Command{
		Use: "list [--model MODEL]", Short: "List the uploaded firmware files", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if model != "" {
				q.Set("model", model)
			}
			return g.list(cmd, "/api/v1/firmware", q, []string{"id", "model", "version", "file_name", "size", "sha256"})
		},
	}
	cmd.Flags().StringVar(&model, "model", "", "only this model's firmware")
	return cmd
}

// pinCommand sets, removes and lists a customer's firmware pins.
func pinCommand(g *globals) *cobra.Command {
	var customer, site, model, firmware string
	pins := func(cmd *cobra.Command) (string, error) {
		c, err := g.customer(cmd, customer)
		return "/api/v1/customers/" + url.PathEscape(c) + "/firmware-pins", err
	}
	set := &cobra.Command{
		Use: "set --model MODEL --firmware ID [--site ID]", Short: "Pin a model's firmware at the customer or one of its sites", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := pins(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPut, path, map[string]any{"site": site, "model": model, "firmware": firmware})
		},
	}
	set.Flags().StringVar(&firmware, "firmware", "", "id of an uploaded firmware of the model")
	unpin := &cobra.Command{
		Use: "delete --model MODEL [--site ID]", Short: "Remove a firmware pin", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := pins(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodDelete, path+"/"+url.PathEscape(model)+"?"+url.Values{"site": {site}}.Encode(), nil)
		},
	}
	list := &cobra.Command{
		Use: "list", Short: "List the customer's firmware pins", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := pins(cmd)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodGet, path, nil)
		},
	}
	group := &cobra.Command{Use: "pin", Short: "Firmware pins per customer or site"}
	for _, c := range []*cobra.Command{set, unpin, list} {
		c.Flags().StringVar(&customer, "customer", "", "customer id")
		if c != list {
			c.Flags().StringVar(&site, "site", "", "site id (default: the customer's own pin)")
			c.Flags().StringVar(&model, "model", "", "catalogue model")
		}
	}
	group.AddCommand(set, unpin, list)
	return group
}

// rolloutCommand starts, reads and steers staged rollouts.
func rolloutCommand(g *globals) *cobra.Command {
	group := &cobra.Command{Use: "rollout", Short: "Staged firmware rollouts"}
	var customer, site, model, firmware string
	var first []string
	var percents []int
	var timeout, spread time.Duration
	var maxFailed int
	start := &cobra.Command{
		Use: "start --model MODEL --firmware ID [--first-ring DEV,...] [--percents 10,50,100]", Short: "Start a staged rollout", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.call(cmd, http.MethodPost, "/api/v1/customers/"+url.PathEscape(c)+"/rollouts", map[string]any{
				"site": site, "model": model, "firmware": firmware, "first_ring": first, "percents": percents,
				"ring_timeout": int(timeout / time.Second), "max_failed_percent": maxFailed, "spread": int(spread / time.Second)})
		},
	}
	f := start.Flags()
	f.StringVar(&customer, "customer", "", "customer id")
	f.StringVar(&site, "site", "", "only this site's devices")
	f.StringVar(&model, "model", "", "catalogue model")
	f.StringVar(&firmware, "firmware", "", "id of an uploaded firmware of the model")
	f.StringSliceVar(&first, "first-ring", nil, "device ids tried first")
	f.IntSliceVar(&percents, "percents", nil, "cumulative shares of the devices in the following rings, ending at 100 (default 10,50,100)")
	f.DurationVar(&timeout, "ring-timeout", 15*time.Minute, "time a ring has to come back with the new version")
	f.IntVar(&maxFailed, "max-failed", 0, "percent of a ring that may fail without a rollback")
	f.DurationVar(&spread, "spread", 0, "window over which a ring's devices are told, so they do not boot at once")
	list := &cobra.Command{
		Use: "list", Short: "List the customer's rollouts", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := g.customer(cmd, customer)
			if err != nil {
				return err
			}
			return g.list(cmd, "/api/v1/customers/"+url.PathEscape(c)+"/rollouts", url.Values{},
				[]string{"id", "model", "version", "state", "ring", "detail"})
		},
	}
	list.Flags().StringVar(&customer, "customer", "", "customer id")
	group.AddCommand(start, list)
	for _, v := range []struct{ use, short, suffix, method string }{
		{"show", "Show a rollout's state and devices", "", http.MethodGet},
		{"pause", "Pause a rollout", "/pause", http.MethodPost},
		{"resume", "Resume a paused rollout", "/resume", http.MethodPost},
		{"abort", "Abort a rollout and send its devices back to the pinned version", "/abort", http.MethodPost},
	} {
		group.AddCommand(&cobra.Command{
			Use: v.use + " ID", Short: v.short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return g.call(cmd, v.method, "/api/v1/rollouts/"+url.PathEscape(args[0])+v.suffix, nil)
			},
		})
	}
	return group
}
